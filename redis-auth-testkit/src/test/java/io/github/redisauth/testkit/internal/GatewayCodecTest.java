package io.github.redisauth.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.testkit.GatewayState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's RESP framing and token transitions, without sockets. */
class GatewayCodecTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void requestsAreSplitAcrossChunksAndKeepTheirExactBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder());
        ch.writeInbound(bytes("*2\r\n$4\r\nAUTH\r\n$6\r\nse"));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(bytes("cret\r\n*0\r\nPING  hello\r\n\r\n*1\r\n$4\r\nQUIT\r\n"));
        List<String> names = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        RespRequest r;
        while ((r = ch.readInbound()) != null) {
            names.add(r.name() + "/" + r.args().size());
            raws.add(r.raw().toString(StandardCharsets.UTF_8));
            assertThat(r.toString()).doesNotContain("secret");
            r.release();
        }
        assertThat(names).containsExactly("AUTH/2", "PING/2", "QUIT/1");
        assertThat(raws).containsExactly("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n", "PING  hello\r\n",
                "*1\r\n$4\r\nQUIT\r\n");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void protocolErrorsAreRejected() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder());
        assertThatThrownBy(() -> ch.writeInbound(bytes("*1\r\n:1\r\n"))).isInstanceOf(DecoderException.class);
        ch.writeInbound(bytes("*1\r\n$4\r\nPING\r\n"));
        assertThat((Object) ch.readInbound()).isNull();
        EmbeddedChannel other = new EmbeddedChannel(new RespRequestDecoder());
        assertThatThrownBy(() -> other.writeInbound(bytes("*1\r\n$4\r\nPINGxx"))).isInstanceOf(DecoderException.class);
        assertThat(ch.finishAndReleaseAll()).isFalse();
        other.finishAndReleaseAll();
    }

    @Test
    void repliesAreFramedWholeIncludingResp3() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespReplyDecoder());
        String map = "%2\r\n+server\r\n$5\r\nredis\r\n+proto\r\n:3\r\n";
        String push = ">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n";
        String nested = "*2\r\n*1\r\n_\r\n$-1\r\n";
        String all = "+OK\r\n" + map + push + nested + "-ERR x\r\n#t\r\n,1.5\r\n(12\r\n=7\r\ntxt:abc\r\n~1\r\n:1\r\n";
        for (int i = 0; i < all.length(); i += 7) {
            ch.writeInbound(bytes(all.substring(i, Math.min(all.length(), i + 7))));
        }
        List<String> frames = new ArrayList<>();
        RespReplyDecoder.Reply r;
        while ((r = ch.readInbound()) != null) {
            frames.add((r.unsolicited() ? "push:" : "") + r.bytes().toString(StandardCharsets.UTF_8));
            r.bytes().release();
        }
        assertThat(frames).containsExactly("+OK\r\n", map, "push:" + push, nested, "-ERR x\r\n", "#t\r\n", ",1.5\r\n",
                "(12\r\n", "=7\r\ntxt:abc\r\n", "~1\r\n:1\r\n");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void tokenTransitionsFollowElastiCache() {
        String a = "aaaaaaaaaaaaaaaa";
        String b = "bbbbbbbbbbbbbbbb";
        String c = "cccccccccccccccc";
        TokenConfig t = TokenConfig.NONE.rotate(a);
        assertThat(t.state()).isEqualTo(GatewayState.ROTATING);
        assertThat(t.authRequired()).isFalse();
        t = t.rotate(b);
        assertThat(t.tokenCount()).isEqualTo(2);
        assertThat(t.authRequired()).isFalse();
        t = t.rotate(c);
        assertThat(t.accepts(a.getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(t.accepts(b.getBytes(StandardCharsets.US_ASCII))).isTrue();
        TokenConfig beforeSet = t;
        assertThatThrownBy(() -> beforeSet.set(b)).isInstanceOf(IllegalStateException.class);
        t = t.set(c);
        assertThat(t.tokenCount()).isEqualTo(1);
        assertThat(t.authRequired()).isTrue();
        t = t.rotate(a);
        assertThat(t.authRequired()).isTrue();
        assertThat(t.toString()).isEqualTo("ROTATING with 2 tokens, AUTH required");
        // rotating a token that is already accepted makes it the newest, without duplicates
        t = t.rotate(c);
        assertThat(t.tokenCount()).isEqualTo(2);
        assertThat(t.set(c).state()).isEqualTo(GatewayState.SET);
    }
}
