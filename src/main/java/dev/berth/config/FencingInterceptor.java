package dev.berth.config;

import java.nio.ByteBuffer;
import java.util.List;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

/** {@link LeaseFence} on every request of a fabric8 client: refuses before sending, learns renewals from answers. */
final class FencingInterceptor implements Interceptor {

    static final String NAME = "berth-lease-fence";

    private final LeaseFence fence;

    FencingInterceptor(LeaseFence fence) {
        this.fence = fence;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        fence.beforeSending(request.method(), request.uri().getPath());
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        fence.answered(request.method(), request.uri().getPath(), response.code());
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        fence.answered(request.method(), request.uri().getPath(), 0);
    }
}
