package io.github.redisauth.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A synchronous RESP connection on Netty for the verifier: connect, optionally start TLS, send a
 * command and wait for its reply. Every wait is bounded by the timeout given at connect.
 *
 * <p>Not thread-safe: one caller thread drives a connection. Failures are {@link StepFailure}s whose
 * messages never contain command arguments.
 */
public final class RespConnection implements AutoCloseable {

    private static final Object CLOSED = new Object();

    private final Channel channel;
    private final Duration timeout;
    private final BlockingQueue<Object> inbox;
    private final String target;

    private RespConnection(Channel channel, Duration timeout, BlockingQueue<Object> inbox, String target) {
        this.channel = channel;
        this.timeout = timeout;
        this.inbox = inbox;
        this.target = target;
    }

    /**
     * Opens a TCP connection with the RESP codec installed (TLS is added by {@link #startTls}).
     *
     * @param group the event loop group
     * @param address the resolved address
     * @param port the port
     * @param timeout bound on the connect
     * @return the connection
     * @throws StepFailure when refused, unreachable or not connected within the timeout
     */
    public static RespConnection connect(EventLoopGroup group, InetAddress address, int port, Duration timeout) throws StepFailure {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        String target = address.getHostAddress() + ":" + port;
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("tls-sniffer", new TlsReplySniffer());
                        channel.pipeline().addLast(new RedisDecoder(), new RedisBulkStringAggregator(),
                                new RedisArrayAggregator(), new RedisEncoder(), new ReplyCollector(inbox));
                    }
                });
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(address, port));
        // CONNECT_TIMEOUT_MILLIS bounds the connect itself; the margin covers channel registration.
        boolean done = connect.awaitUninterruptibly(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        if (!done) {
            connect.cancel(false);
            connect.channel().close();
            throw new StepFailure(StepFailure.Reason.TIMEOUT, "no connection to " + target + " within " + Durations.format(timeout), null);
        }
        if (!connect.isSuccess()) {
            Throwable cause = connect.cause();
            connect.channel().close();
            throw new StepFailure(StepFailure.Reason.OTHER, describeConnectFailure(target, timeout, cause), cause);
        }
        return new RespConnection(connect.channel(), timeout, inbox, target);
    }

    private static String describeConnectFailure(String target, Duration timeout, Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "no connection to " + target + " within " + Durations.format(timeout);
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to " + target;
        }
        if (cause instanceof ConnectException) {
            return "connection to " + target + " refused: is Redis listening on this port?";
        }
        return "cannot connect to " + target + ": " + cause;
    }

    /**
     * Starts TLS on this connection and waits for the handshake.
     *
     * @param context the client context (trust is judged by the caller, not by the engine)
     * @param peerHost the host name for the engine
     * @param port the port
     * @param serverName the SNI name to send, or null for none
     * @return the session
     * @throws StepFailure when the handshake fails, the peer speaks plaintext, or the timeout passes
     */
    public SSLSession startTls(SslContext context, String peerHost, int port, String serverName) throws StepFailure {
        SslHandler handler = context.newHandler(channel.alloc(), peerHost, port);
        handler.setHandshakeTimeoutMillis(timeout.toMillis());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        engine.setSSLParameters(parameters);
        channel.pipeline().remove("tls-sniffer");
        channel.pipeline().addFirst("tls", handler);
        Future<Channel> handshake = handler.handshakeFuture();
        boolean done = handshake.awaitUninterruptibly(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
        if (!done) {
            throw new StepFailure(StepFailure.Reason.TIMEOUT, "no TLS handshake with " + target + " within " + Durations.format(timeout), null);
        }
        if (!handshake.isSuccess()) {
            Throwable cause = handshake.cause();
            if (findCause(cause, NotSslRecordException.class) || firstQueuedIsPlaintext()) {
                throw new StepFailure(StepFailure.Reason.PLAINTEXT_SERVER, VerificationRun.PLAINTEXT_SERVER, cause);
            }
            if (findCause(cause, SslHandshakeTimeoutException.class)) {
                throw new StepFailure(StepFailure.Reason.TIMEOUT, "no TLS handshake with " + target + " within " + Durations.format(timeout), cause);
            }
            if (!channel.isActive() && (cause == null || cause.getMessage() == null || cause.getMessage().contains("closed"))) {
                throw new StepFailure(StepFailure.Reason.CLOSED, "server closed the connection during the TLS handshake", cause);
            }
            throw new StepFailure(StepFailure.Reason.OTHER, "TLS handshake failed: " + rootMessage(cause), cause);
        }
        return engine.getSession();
    }

    private boolean firstQueuedIsPlaintext() {
        Object first = inbox.peek();
        return first instanceof NotSslRecordException;
    }

    /**
     * Sends a command and waits for its reply.
     *
     * @param arguments the command and its arguments
     * @return the reply (an error reply is returned, not thrown)
     * @throws StepFailure when the server closes, speaks TLS, or does not answer within the timeout
     */
    public RespReply command(String... arguments) throws StepFailure {
        List<RedisMessage> parts = new ArrayList<>(arguments.length);
        for (String argument : arguments) {
            parts.add(new FullBulkStringRedisMessage(Unpooled.copiedBuffer(argument, StandardCharsets.UTF_8)));
        }
        return send(new ArrayRedisMessage(parts), arguments[0]);
    }

    /**
     * Sends {@code AUTH token} (the one-argument form, understood by Redis 2.8 and 6+).
     *
     * @param token the secret; the caller keeps and wipes it
     * @return the reply
     * @throws StepFailure as {@link #command(String...)}
     */
    public RespReply auth(char[] token) throws StepFailure {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(token));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            ByteBuf value = Unpooled.wrappedBuffer(bytes);
            return send(new ArrayRedisMessage(List.of(
                    new FullBulkStringRedisMessage(Unpooled.copiedBuffer("AUTH", StandardCharsets.US_ASCII)),
                    new FullBulkStringRedisMessage(value))), "AUTH");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private RespReply send(RedisMessage message, String commandName) throws StepFailure {
        if (!channel.isActive() && inbox.isEmpty()) {
            ReferenceCountUtil.release(message);
            throw new StepFailure(StepFailure.Reason.CLOSED, "server closed the connection before " + commandName, null);
        }
        channel.writeAndFlush(message);
        Object reply;
        try {
            reply = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(StepFailure.Reason.OTHER, "interrupted while waiting for the reply to " + commandName, e);
        }
        if (reply == null) {
            throw new StepFailure(StepFailure.Reason.TIMEOUT, "no reply to " + commandName + " within " + Durations.format(timeout), null);
        }
        if (reply == CLOSED) {
            inbox.offer(CLOSED);
            throw new StepFailure(StepFailure.Reason.CLOSED, "server closed the connection instead of answering " + commandName, null);
        }
        if (reply instanceof TlsServerException e) {
            throw new StepFailure(StepFailure.Reason.TLS_SERVER, VerificationRun.TLS_SERVER, e);
        }
        if (reply instanceof Throwable failure) {
            throw new StepFailure(StepFailure.Reason.OTHER, "cannot read the reply to " + commandName + ": " + rootMessage(failure), failure);
        }
        return (RespReply) reply;
    }

    /** Closes the connection without waiting. Idempotent. */
    @Override
    public void close() {
        channel.close();
    }

    private static boolean findCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** Marks TLS bytes arriving on a plaintext connection. */
    static final class TlsServerException extends Exception {
        private static final long serialVersionUID = 1L;

        TlsServerException() {
            super("TLS record received on a plaintext connection", null, false, false);
        }
    }

    /** On a plaintext connection, turns a first byte of 0x15 (TLS alert) or 0x16 (handshake) into a clear failure. */
    private static final class TlsReplySniffer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof ByteBuf bytes && bytes.isReadable()) {
                byte first = bytes.getByte(bytes.readerIndex());
                context.pipeline().remove(this);
                if (first == 0x15 || first == 0x16) {
                    bytes.release();
                    context.fireExceptionCaught(new TlsServerException());
                    return;
                }
            }
            context.fireChannelRead(message);
        }
    }

    /** Queues every reply, failure and the close for the caller thread. */
    private static final class ReplyCollector extends SimpleChannelInboundHandler<RedisMessage> {
        private final BlockingQueue<Object> inbox;

        ReplyCollector(BlockingQueue<Object> inbox) {
            this.inbox = inbox;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, RedisMessage message) {
            inbox.offer(convert(message));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            inbox.offer(cause);
            context.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            inbox.offer(CLOSED);
            context.fireChannelInactive();
        }

        private static RespReply convert(RedisMessage message) {
            if (message instanceof SimpleStringRedisMessage simple) {
                return new RespReply(RespReply.Kind.SIMPLE, simple.content());
            }
            if (message instanceof ErrorRedisMessage error) {
                return new RespReply(RespReply.Kind.ERROR, error.content());
            }
            if (message instanceof IntegerRedisMessage integer) {
                return new RespReply(RespReply.Kind.INTEGER, Long.toString(integer.value()));
            }
            if (message instanceof FullBulkStringRedisMessage bulk) {
                return bulk.isNull() ? new RespReply(RespReply.Kind.NULL, "")
                        : new RespReply(RespReply.Kind.BULK, bulk.content().toString(StandardCharsets.UTF_8));
            }
            if (message instanceof ArrayRedisMessage array) {
                return array.isNull() ? new RespReply(RespReply.Kind.NULL, "")
                        : new RespReply(RespReply.Kind.ARRAY, "array of " + array.children().size());
            }
            return new RespReply(RespReply.Kind.NULL, message.getClass().getSimpleName());
        }
    }
}
