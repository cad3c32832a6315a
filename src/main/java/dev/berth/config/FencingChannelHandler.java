package dev.berth.config;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The last {@link LeaseFence} check, on the connection's event loop as a request is written (between Vert.x's handler
 * and the HTTP codec): a write refused here is not sent, and the connection is closed so that no part of it follows.
 * The caller's {@link FencingInterceptor} has checked the same request when it was made; this one catches the requests
 * that waited in the client (for the event loop, for a connection) while the process was paused.
 */
final class FencingChannelHandler extends ChannelOutboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(FencingChannelHandler.class);
    static final String NAME = "berth-lease-fence";
    /** Vert.x's own handler of an HTTP/1.x client connection: outbound requests leave it as Netty HttpRequests. */
    private static final String VERTX_HANDLER = "handler";

    private final LeaseFence fence;

    private FencingChannelHandler(LeaseFence fence) {
        this.fence = fence;
    }

    /** Puts the check on a new connection of the client (Vert.x calls this before the connection carries requests). */
    static void install(LeaseFence fence, HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base) || base.channel().pipeline().get(VERTX_HANDLER) == null) {
            // the operator's client speaks HTTP/1.1 (fabric8 does not negotiate HTTP/2): never unfenced
            LOG.errorf("Closing a Kubernetes API connection the lease fence cannot check (%s)", connection.getClass());
            connection.close();
            return;
        }
        base.channel().pipeline().addBefore(VERTX_HANDLER, NAME, new FencingChannelHandler(fence));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (message instanceof HttpRequest request) {
            try {
                fence.beforeSending(request.method().name(), new QueryStringDecoder(request.uri()).rawPath());
            } catch (LeaseFence.NotLeaderException refused) {
                LOG.warn(refused.getMessage() + " (held in the client while the process was paused: not sent)");
                ReferenceCountUtil.release(message);
                promise.setFailure(refused);
                ctx.close();
                return;
            }
        }
        ctx.write(message, promise);
    }
}
