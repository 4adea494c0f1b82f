package io.github.redisauth.testkit.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Netty plumbing shared by the TLS front and the AUTH gateway: event loops, the server TLS
 * context, backend connections to a plaintext loopback port, and close-after-flush.
 */
public final class NettySupport {

    private NettySupport() {
    }

    /**
     * A TLS server context from a PEM certificate chain and a PKCS8 PEM key.
     *
     * @throws IllegalStateException when the files cannot be used
     */
    public static SslContext serverSslContext(Path certificateChain, Path privateKey) {
        try {
            return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile()).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS server context: " + e.getMessage(), e);
        }
    }

    /**
     * A small NIO event loop group with daemon threads named {@code name}. {@code NioEventLoopGroup} is
     * deprecated in Netty 4.2 but is the one type that exists in 4.1 and 4.2 alike: the testkit runs
     * beside either, as the client lines under test bring them.
     */
    @SuppressWarnings("deprecation")
    public static EventLoopGroup eventLoops(String name, int threads) {
        return new NioEventLoopGroup(threads, new DefaultThreadFactory(name, true));
    }

    /** Shuts a group down quickly, waiting at most 3 s. */
    public static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /**
     * Connects, on the client channel's event loop, to {@code 127.0.0.1:port} with auto-read off
     * and a 2 s connect timeout.
     */
    public static ChannelFuture connectBackend(Channel client, int port, ChannelHandler handler) {
        return new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .handler(handler)
                .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Closes the channel once everything written so far is flushed; null-safe. */
    public static void closeOnFlush(Channel ch) {
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
