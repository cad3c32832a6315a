package dev.berth.ecsapi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.config.BerthConfig;
import dev.berth.config.Unfenced;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * Serves {@link EcsApi} on its own port (berth.ecs-api.port), next to the operator's health and metrics port, so it
 * can be exposed (and protected) on its own. Requests run on Vert.x worker threads: each one reads and writes the API
 * server.
 */
@ApplicationScoped
public class EcsApiServer {

    private static final Logger LOG = Logger.getLogger(EcsApiServer.class);
    /** The largest request body read: ECS's largest documents (task definitions) are 64 KiB. */
    static final int MAX_BODY = 1024 * 1024;

    private final BerthConfig config;
    private final KubernetesClient client;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final Clock clock;
    private HttpServer server;
    private SharedIndexInformer<Secret> keys;

    public EcsApiServer(BerthConfig config, @Unfenced KubernetesClient client, Vertx vertx, Clock clock) {
        this.config = config;
        this.client = client;
        this.vertx = vertx;
        this.json = EcsStore.mapper();
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        BerthConfig.EcsApiSettings settings = config.ecsApi();
        if (!settings.enabled()) {
            return;
        }
        EcsApi api = new EcsApi(authenticator(settings), authorizer(settings), new EcsStore(client, json),
                new EcsCodec());
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
        if (settings.tlsCertFile().isPresent() && settings.tlsKeyFile().isPresent()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCertFile().get())
                    .setKeyPath(settings.tlsKeyFile().get()));
        }
        server = vertx.createHttpServer(options).requestHandler(request -> serve(api, request));
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("ECS API listening on %s://%s:%d (auth %s)", options.isSsl() ? "https" : "http", settings.host(),
                server.actualPort(), settings.auth());
    }

    private Authenticator authenticator(BerthConfig.EcsApiSettings settings) {
        if (settings.auth() == BerthConfig.EcsApiSettings.Auth.none) {
            LOG.warnf("ECS API WITHOUT AUTHENTICATION (berth.ecs-api.auth=none): anyone who reaches port %d acts in"
                    + " namespace %s with the operator's rights. Never expose it beyond this machine.",
                    settings.port(), settings.noAuthNamespace());
            return new NoAuthentication(settings.noAuthNamespace());
        }
        String namespace = settings.keysNamespace().orElseGet(() -> Optional.ofNullable(client.getNamespace())
                .orElse("default"));
        keys = client.secrets().inNamespace(namespace).withLabel(AccessKeys.LABEL).inform();
        LOG.infof("ECS API access keys: Secrets labelled %s in namespace %s", AccessKeys.LABEL, namespace);
        SigV4Verifier verifier = new SigV4Verifier(settings.signatureWindow());
        return (request, now) -> {
            SigV4Verifier.Signer signer = verifier.verify(request, id -> AccessKeys.find(keys.getStore().list(), id),
                    now);
            return new Authenticator.Caller(signer.key(), signer.region());
        };
    }

    private Authorizer authorizer(BerthConfig.EcsApiSettings settings) {
        if (settings.auth() == BerthConfig.EcsApiSettings.Auth.none) {
            return (key, operation, permission) -> {
            };
        }
        return new SubjectAccessReviews(client);
    }

    private void serve(EcsApi api, HttpServerRequest request) {
        // read at most MAX_BODY before anything else (the body is read before the signature can be checked)
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                if (!request.response().ended()) {
                    respond(request, api.tooLarge(UUID.randomUUID().toString(), clock.instant(), MAX_BODY));
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (request.response().ended()) {
                return;
            }
            vertx.<EcsApi.Response> executeBlocking(() -> api.handle(signedRequest(request, body), clock.instant(),
                    UUID.randomUUID().toString()), false).onComplete(done -> {
                        if (done.succeeded()) {
                            respond(request, done.result());
                        } else {
                            LOG.error("ECS API request failed", done.cause());
                            request.response().setStatusCode(500).end();
                        }
                    });
        });
    }

    private static void respond(HttpServerRequest request, EcsApi.Response response) {
        request.response().setStatusCode(response.status());
        response.headers().forEach(request.response()::putHeader);
        request.response().end(Buffer.buffer(response.body()));
    }

    private static SignedRequest signedRequest(HttpServerRequest request, Buffer body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        // HTTP/2 (h2c, e.g. Java's HttpClient upgrades by default) carries the host as :authority, not as a header,
        // but the client signed it as "host"
        if (headers.keySet().stream().noneMatch("host"::equalsIgnoreCase) && request.authority() != null) {
            headers.put("host", List.of(request.authority().toString()));
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        return new SignedRequest(request.method().name(), q < 0 ? uri : uri.substring(0, q),
                q < 0 ? "" : uri.substring(q + 1), headers, body.getBytes());
    }

    /** The port the API listens on (the configured one; the actual one when configured as 0), or -1 when off. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
        if (keys != null) {
            keys.close();
        }
    }
}
