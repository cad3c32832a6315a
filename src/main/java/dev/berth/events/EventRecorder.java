package dev.berth.events;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.berth.config.BerthConfig;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Writes core/v1 Events for Berth resources. Events are best effort, as in Kubernetes itself: a
 * failure to record one is logged and never fails a reconcile. By default they are written by a few background
 * threads ({@code berth.events.async}), so a reconcile does not wait for them; each keeps the time it was decided.
 * Repeats are folded and rate-limited per object as client-go's recorder does ({@link EventCorrelator}).
 */
@ApplicationScoped
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final String COMPONENT = "berth-operator";

    private static final int WRITERS = 4;
    private static final int NOT_FOUND = 404;

    private final KubernetesClient client;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final ExecutorService writers;
    private final EventCorrelator correlator = new EventCorrelator();

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

    /** The object is gone for good (its finalizer removed): what was kept to correlate its Events goes too. */
    public void forget(HasMetadata gone) {
        correlator.forget(gone.getMetadata().getUid());
    }

    public void record(HasMetadata about, List<BerthEvent> events) {
        events.forEach(event -> record(about, event));
    }

    public void record(HasMetadata about, BerthEvent event) {
        Instant now = clock.instant();
        String namespace = about.getMetadata().getNamespace();
        var involved = new ObjectReferenceBuilder().withApiVersion(about.getApiVersion()).withKind(about.getKind())
                .withName(about.getMetadata().getName()).withNamespace(namespace).withUid(about.getMetadata().getUid())
                .withResourceVersion(about.getMetadata().getResourceVersion()).build();
        String name = about.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli())
                + Long.toHexString(sequence.incrementAndGet());
        EventCorrelator.Outcome outcome = correlator.correlate(new EventCorrelator.About(about.getKind(), namespace,
                about.getMetadata().getName(), about.getMetadata().getUid()), event, name, now);
        Runnable write;
        if (outcome instanceof EventCorrelator.Create create) {
            write = () -> create(event(create.name(), involved, event, create.message(), now, now, 1));
        } else if (outcome instanceof EventCorrelator.Update update) {
            write = () -> update(event(update.name(), involved, event, update.message(), update.firstTimestamp(), now,
                    update.count()));
        } else {
            LOG.debugf("Event %s for %s/%s over its rate limit, dropped", event.reason(), namespace,
                    about.getMetadata().getName());
            return;
        }
        if (writers == null) {
            write.run();
        } else {
            writers.execute(write);
        }
    }

    private static Event event(String name, ObjectReference involved, BerthEvent event, String message, Instant first,
            Instant last, int count) {
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(involved.getNamespace()).endMetadata()
                .withInvolvedObject(involved)
                .withType(event.type().name())
                .withReason(event.reason())
                .withMessage(message)
                .withFirstTimestamp(first.toString())
                .withLastTimestamp(last.toString())
                .withCount(count)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
    }

    private void create(Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.debugf("Could not record event %s for %s/%s: %s", event.getReason(), event.getMetadata().getNamespace(),
                    event.getInvolvedObject().getName(), e.getMessage());
        }
    }

    /** The repeat of an Event written before: its count, last time and message (an Event gone by now is written anew). */
    private void update(Event event) {
        String patch = Serialization.asJson(Map.of("count", event.getCount(), "lastTimestamp", event.getLastTimestamp(),
                "message", event.getMessage()));
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).withName(event.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() == NOT_FOUND) {
                create(event);
            } else {
                LOG.debugf("Could not update event %s for %s/%s: %s", event.getReason(),
                        event.getMetadata().getNamespace(), event.getInvolvedObject().getName(), e.getMessage());
            }
        }
    }
}
