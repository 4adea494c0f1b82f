package io.github.redisauth.testkit.internal;

import io.github.redisauth.testkit.GatewayDialect;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of the AUTH gateway: a listening socket on 127.0.0.1, optional TLS, one
 * {@link GatewayConnection} per client. Thread-safe; the token snapshot is swapped atomically.
 */
public final class GatewayServer implements AutoCloseable {

    private final GatewayDialect dialect;
    private final int backendPort;
    private final boolean backendPre6;
    private final EventLoopGroup group;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private volatile TokenConfig tokens = TokenConfig.NONE;
    /** While refusing: the System.nanoTime() deadline; null when accepting. */
    private volatile Long refuseUntilNanos;

    /**
     * Binds an ephemeral port on 127.0.0.1.
     *
     * @param sslOrNull the TLS server context, or null for plaintext
     * @param dialect the reply dialect
     * @param backendPort the plaintext loopback port of the backend Redis
     * @param backendPre6 whether the backend is Redis 2.8-5.x (then HELLO is forwarded to it in PRE_6)
     * @throws IllegalStateException when the bind fails
     */
    public GatewayServer(SslContext sslOrNull, GatewayDialect dialect, int backendPort, boolean backendPre6) {
        this.dialect = dialect;
        this.backendPort = backendPort;
        this.backendPre6 = backendPre6;
        this.group = NettySupport.eventLoops("redis-auth-testkit-gateway", 2);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (refusing()) {
                            ch.close();
                            return;
                        }
                        clients.add(ch);
                        if (sslOrNull != null) {
                            ch.pipeline().addLast(sslOrNull.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new RespRequestDecoder(), new GatewayConnection(GatewayServer.this));
                    }
                });
        try {
            this.serverChannel = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            NettySupport.shutdown(group);
            throw new IllegalStateException("interrupted while binding the AUTH gateway", e);
        } catch (RuntimeException e) {
            NettySupport.shutdown(group);
            throw new IllegalStateException("cannot bind the AUTH gateway: " + e.getMessage(), e);
        }
    }

    /** {@return the listening port} */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    GatewayDialect dialect() {
        return dialect;
    }

    int backendPort() {
        return backendPort;
    }

    boolean backendPre6() {
        return backendPre6;
    }

    /** {@return the current token snapshot} */
    public TokenConfig tokens() {
        return tokens;
    }

    /** Replaces the token snapshot; affects the next command of every connection. */
    public void tokens(TokenConfig next) {
        this.tokens = next;
    }

    /** {@return the number of open client connections} */
    public int connectionCount() {
        return clients.size();
    }

    /** Closes every client connection (and so their backend connections), waiting up to 2 s. */
    public void closeClients() {
        clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Drops every client connection, then closes new ones right after accept for the given time. */
    public void refuseFor(Duration duration) {
        refuseUntilNanos = System.nanoTime() + duration.toNanos();
        closeClients();
    }

    /** {@return whether new connections are being refused right now} */
    public boolean refusing() {
        Long until = refuseUntilNanos;
        return until != null && System.nanoTime() - until < 0;
    }

    /** Closes the listening socket, every connection and the event loops. Idempotent. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        closeClients();
        NettySupport.shutdown(group);
    }
}
