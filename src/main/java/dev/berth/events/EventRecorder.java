package dev.berth.events;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.berth.config.BerthConfig;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes core/v1 Events for Berth resources. Events are best effort, as in Kubernetes itself: a
 * failure to record one is logged and never fails a reconcile. By default they are written by a few background
 * threads ({@code berth.events.async}), so a reconcile does not wait for them; each keeps the time it was decided.
 */
@ApplicationScoped
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final String COMPONENT = "berth-operator";

    private static final int WRITERS = 4;

    private final KubernetesClient client;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final ExecutorService writers;

    public EventRecorder(KubernetesClient client, Clock clock, BerthConfig config) {
        this.client = client;
        this.clock = clock;
        this.writers = config.events().async() ? new ThreadPoolExecutor(WRITERS, WRITERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.events().queue()), runnable -> {
                    Thread thread = new Thread(runnable, "berth-events");
                    thread.setDaemon(true);
                    return thread;
                }, (runnable, executor) -> LOG.debugf("Event queue full, dropping an event")) : null;
    }

    @PreDestroy
    void stop() {
        if (writers != null) {
            writers.shutdown();
        }
    }

    public void record(HasMetadata about, List<BerthEvent> events) {
        events.forEach(event -> record(about, event));
    }

    public void record(HasMetadata about, BerthEvent event) {
        String now = clock.instant().toString();
        String namespace = about.getMetadata().getNamespace();
        var kubernetesEvent = new EventBuilder()
                .withNewMetadata()
                .withName(about.getMetadata().getName() + "." + Long.toHexString(clock.millis())
                        + Long.toHexString(sequence.incrementAndGet()))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(about.getApiVersion())
                        .withKind(about.getKind()).withName(about.getMetadata().getName()).withNamespace(namespace)
                        .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion())
                        .build())
                .withType(event.type().name())
                .withReason(event.reason())
                .withMessage(event.message())
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        Runnable write = () -> {
            try {
                client.v1().events().inNamespace(namespace).resource(kubernetesEvent).create();
            } catch (KubernetesClientException e) {
                LOG.debugf("Could not record event %s for %s/%s: %s", event.reason(), namespace,
                        about.getMetadata().getName(), e.getMessage());
            }
        };
        if (writers == null) {
            write.run();
        } else {
            writers.execute(write);
        }
    }
}
