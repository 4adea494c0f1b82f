package io.github.redisauth.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the gateway and its backend connection. Commands the gateway answers
 * itself are queued behind replies still owed by the backend, so replies reach the client in
 * command order, also when pipelined. Everything runs on the client channel's event loop (the
 * backend channel shares it).
 */
final class GatewayConnection extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConnection.class);
    /** Marks a place in {@link #pending} where the backend owes one reply. */
    private static final Object BACKEND_REPLY = new Object();
    /** How RESP2 pub/sub messages start: they answer no command. */
    private static final byte[][] MESSAGE_PREFIXES = {
        "*3\r\n$7\r\nmessage\r\n".getBytes(StandardCharsets.US_ASCII),
        "*4\r\n$8\r\npmessage\r\n".getBytes(StandardCharsets.US_ASCII),
        "*3\r\n$8\r\nsmessage\r\n".getBytes(StandardCharsets.US_ASCII),
    };

    private final GatewayServer server;
    private final AuthCommands auth;
    /** In command order: BACKEND_REPLY markers and local replies (ByteBuf) waiting behind them. */
    private final Deque<Object> pending = new ArrayDeque<>();
    /** Commands that arrived before the backend connection was up (TLS may read early). */
    private final Deque<RespRequest> early = new ArrayDeque<>();
    private Channel client;
    private Channel backend;
    private boolean backendUp;
    /** Set once a (P|S)SUBSCRIBE was forwarded: RESP2 messages then arrive without a command. */
    private boolean subscribed;

    GatewayConnection(GatewayServer server) {
        this.server = server;
        this.auth = new AuthCommands(server.dialect(), server.backendPre6());
    }

    /** {@return whether the client authenticated on this connection (read on the event loop only)} */
    boolean authenticated() {
        return auth.authenticated();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        backend = NettySupport.connectBackend(client, server.backendPort(), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new RespReplyDecoder(), new BackendHandler());
            }
        }).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                if (!client.isActive()) {
                    backend.close(); // the client left while this was connecting: channelInactive missed it
                    return;
                }
                backendUp = true;
                while (!early.isEmpty()) {
                    handle(early.pollFirst());
                }
                backend.flush();
                client.flush();
                client.config().setAutoRead(true);
                client.read();
            } else {
                LOG.debug("gateway cannot reach its backend: {}", f.cause().toString());
                client.close();
            }
        }).channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (backendUp) {
            handle((RespRequest) msg);
        } else {
            early.add((RespRequest) msg);
        }
    }

    private void handle(RespRequest request) {
        try {
            AuthCommands.Decision d = auth.decide(request, server.tokens());
            if (d.forward()) {
                ByteBuf bytes = d.rewritten() != null ? Unpooled.wrappedBuffer(d.rewritten()) : request.raw().retain();
                int replies = expectedReplies(request);
                for (int i = 0; i < replies; i++) {
                    pending.add(BACKEND_REPLY);
                }
                backend.write(bytes, backend.voidPromise());
            } else {
                ByteBuf reply = Unpooled.copiedBuffer(d.localReply() + "\r\n", StandardCharsets.UTF_8);
                if (pending.isEmpty()) {
                    client.write(reply, client.voidPromise());
                } else {
                    pending.add(reply);
                }
            }
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!backendUp) {
            return;
        }
        backend.flush();
        client.flush();
        if (!backend.isWritable()) {
            client.config().setAutoRead(false); // resumes in BackendHandler.channelWritabilityChanged
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (backend != null) {
            backend.config().setAutoRead(client.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NettySupport.closeOnFlush(backend);
        for (Object o : pending) {
            ReferenceCountUtil.release(o);
        }
        pending.clear();
        early.forEach(ReferenceCountUtil::release);
        early.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("gateway client connection failed: {}", cause.toString());
        ctx.close();
    }

    /** Replies Redis sends for one command: one, except one per channel for the (un)subscribe family. */
    private int expectedReplies(RespRequest request) {
        switch (request.name()) {
            case "SUBSCRIBE": case "PSUBSCRIBE": case "SSUBSCRIBE":
                subscribed = true;
                return Math.max(1, request.args().size() - 1);
            case "UNSUBSCRIBE": case "PUNSUBSCRIBE": case "SUNSUBSCRIBE":
                return Math.max(1, request.args().size() - 1); // without arguments: unknown, assume one
            default:
                return 1;
        }
    }

    private static boolean isPubSubMessage(ByteBuf reply) {
        for (byte[] prefix : MESSAGE_PREFIXES) {
            if (reply.readableBytes() >= prefix.length
                    && reply.slice(reply.readerIndex(), prefix.length).equals(Unpooled.wrappedBuffer(prefix))) {
                return true;
            }
        }
        return false;
    }

    /** A whole reply from the backend: relay it, then any local replies queued behind it. */
    private void onBackendReply(RespReplyDecoder.Reply reply) {
        boolean unsolicited = reply.unsolicited() || (subscribed && isPubSubMessage(reply.bytes()));
        client.write(reply.bytes(), client.voidPromise());
        if (unsolicited || pending.isEmpty() || pending.peekFirst() != BACKEND_REPLY) {
            return; // pushes, attributes, extra pub/sub messages answer no queued command
        }
        pending.pollFirst();
        while (!pending.isEmpty() && pending.peekFirst() != BACKEND_REPLY) {
            client.write(pending.pollFirst(), client.voidPromise());
        }
    }

    /** The backend side: whole replies in, relayed to the client. */
    private final class BackendHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            onBackendReply((RespReplyDecoder.Reply) msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
            if (!client.isWritable()) {
                ctx.channel().config().setAutoRead(false); // resumes in channelWritabilityChanged above
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            client.config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            NettySupport.closeOnFlush(client);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("gateway backend connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
