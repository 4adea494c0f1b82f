package io.github.redisauth.testkit.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS terminator on 127.0.0.1 that forwards bytes both ways to a plaintext Redis port, one
 * backend connection per client connection; when either side closes, the other is closed.
 * Used for Redis 2.8, which has no TLS. Thread-safe.
 */
public final class TlsFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TlsFront.class);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile int backendPort;

    private TlsFront(EventLoopGroup group, Channel serverChannel) {
        this.group = group;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds an ephemeral port on 127.0.0.1 serving TLS with the given PEM certificate chain and
     * PKCS8 key, forwarding to {@code 127.0.0.1:backendPort}.
     *
     * @throws IllegalStateException when the TLS context cannot be built or the bind fails
     */
    public static TlsFront start(Path certificateChain, Path privateKey, int backendPort) {
        SslContext ssl;
        try {
            ssl = SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile()).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the TLS front's server context: " + e.getMessage(), e);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
                new DefaultThreadFactory("redis-auth-testkit-tls-front", true), NioIoHandler.newFactory());
        TlsFront[] self = new TlsFront[1];
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        self[0].clients.add(ch);
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new FrontHandler(self[0]));
                    }
                });
        try {
            Channel ch = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            self[0] = new TlsFront(group, ch);
            self[0].backendPort = backendPort;
            return self[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("interrupted while binding the TLS front", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot bind the TLS front: " + e.getMessage(), e);
        }
    }

    /** The TLS port clients connect to. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Changes where new connections are forwarded (existing ones are unaffected). */
    public void backendPort(int port) {
        this.backendPort = port;
    }

    /** Closes every client connection (and so their backend connections). */
    public void closeClients() {
        clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Closes the listening socket and every connection. Idempotent. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        closeClients();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static void closeOnFlush(Channel ch) {
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Client side: after the TLS handshake, opens the backend and relays. */
    private static final class FrontHandler extends ChannelInboundHandlerAdapter {
        private final TlsFront front;
        private volatile Channel backend;

        FrontHandler(TlsFront front) {
            this.front = front;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            ChannelFuture f = new Bootstrap()
                    .group(client.eventLoop())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                    .handler(new BackendHandler(client))
                    .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), front.backendPort));
            backend = f.channel();
            f.addListener((ChannelFutureListener) cf -> {
                if (cf.isSuccess()) {
                    client.read();
                } else {
                    client.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel b = backend;
            if (b != null && b.isActive()) {
                b.writeAndFlush(msg).addListener((ChannelFutureListener) wf -> {
                    if (wf.isSuccess()) {
                        ctx.channel().read();
                    } else {
                        wf.channel().close();
                        ctx.channel().close();
                    }
                });
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeOnFlush(backend);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("TLS front client connection failed: {}", cause.toString());
            ctx.close();
        }
    }

    /** Backend side: relays the server's bytes to the client. */
    private static final class BackendHandler extends ChannelInboundHandlerAdapter {
        private final Channel client;

        BackendHandler(Channel client) {
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            client.writeAndFlush(msg).addListener((ChannelFutureListener) wf -> {
                if (wf.isSuccess()) {
                    ctx.channel().read();
                } else {
                    ctx.channel().close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeOnFlush(client);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("TLS front backend connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
