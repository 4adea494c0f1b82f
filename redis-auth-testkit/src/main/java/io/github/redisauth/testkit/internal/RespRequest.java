package io.github.redisauth.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One client command: its arguments, and the exact bytes it arrived as (for forwarding).
 * Reference-counted through its raw bytes. {@link #toString()} shows only the command name.
 */
final class RespRequest extends AbstractReferenceCounted {

    private final List<byte[]> args;
    private final ByteBuf raw;

    RespRequest(List<byte[]> args, ByteBuf raw) {
        this.args = args;
        this.raw = raw;
    }

    /** {@return the arguments, the command name first; never empty} */
    List<byte[]> args() {
        return args;
    }

    /** {@return the argument as a string (UTF-8)} */
    String arg(int i) {
        return new String(args.get(i), StandardCharsets.UTF_8);
    }

    /** {@return the command name in upper case} */
    String name() {
        return arg(0).toUpperCase(Locale.ROOT);
    }

    /** {@return the raw bytes; released with this request} */
    ByteBuf raw() {
        return raw;
    }

    @Override
    protected void deallocate() {
        raw.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        raw.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "RespRequest[" + name() + ", " + args.size() + " args]";
    }
}
