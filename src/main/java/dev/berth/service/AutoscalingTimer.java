package dev.berth.service;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.autoscaling.Autoscaler;
import dev.berth.autoscaling.ResourceMetricsReader.RunningTask;
import dev.berth.autoscaling.ScalingTarget;
import dev.berth.config.Leadership;
import dev.berth.status.StatusWriter;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The Service controller's autoscaling event source: every {@code berth.autoscaling.interval} it evaluates each
 * Service with spec.autoScaling ({@link Autoscaler}) from the controller's own Service and Task caches, keeps the
 * report, and wakes the Service's reconcile when the report is not the one in its status; the reconcile writes it
 * with the rest of the status. A timer, because metrics change without any Kubernetes event. Only the leader
 * evaluates.
 */
final class AutoscalingTimer extends AbstractEventSource<Void, Service> {

    private static final Logger LOG = Logger.getLogger(AutoscalingTimer.class);

    private final Duration interval;
    private final BooleanSupplier leading;
    private final BiFunction<ScalingTarget, ServiceAutoScalingStatus, ServiceAutoScalingStatus> evaluate;
    private final Consumer<Set<String>> retain;
    private final Supplier<Stream<Service>> services;
    private final Function<Service, Set<Task>> tasks;
    /** The latest report per Service, with the uid it was made for (a Service deleted and created again starts over). */
    private final Map<ResourceID, Report> reports = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    private record Report(String uid, ServiceAutoScalingStatus status) {
    }

    /** The Service controller's: its Service cache, its Task cache. */
    AutoscalingTimer(Autoscaler autoscaler, Leadership leadership, IndexerResourceCache<Service> services,
            InformerEventSource<Task, Service> tasks) {
        this(autoscaler.interval(), leadership::leading, autoscaler::evaluate, autoscaler::retain, services::list,
                tasks::getSecondaryResources);
    }

    /**
     * @param evaluate the autoscaler's evaluation of one Service, given its previous report; {@code retain} told the
     *        uids of the Services still autoscaled after each round
     */
    AutoscalingTimer(Duration interval, BooleanSupplier leading,
            BiFunction<ScalingTarget, ServiceAutoScalingStatus, ServiceAutoScalingStatus> evaluate,
            Consumer<Set<String>> retain, Supplier<Stream<Service>> services, Function<Service, Set<Task>> tasks) {
        super(Void.class, "autoscaling");
        this.interval = interval;
        this.leading = leading;
        this.evaluate = evaluate;
        this.retain = retain;
        this.services = services;
        this.tasks = tasks;
    }

    @Override
    public void start() {
        long every = interval.toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-autoscaler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::evaluateAll, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("Autoscaler evaluates the autoscaled Services every %s", interval);
        super.start();
    }

    /** Healthy while its timer runs (the operator's readiness counts it with the informers). */
    @Override
    public Status getStatus() {
        return timer != null && !timer.isShutdown() ? Status.HEALTHY : Status.UNHEALTHY;
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        super.stop();
    }

    @Override
    public Set<Void> getSecondaryResources(Service primary) {
        return Set.of();
    }

    /** The autoscaler's latest report for {@code service}, or null when it has made none since the operator started. */
    ServiceAutoScalingStatus latest(Service service) {
        Report report = reports.get(ResourceID.fromResource(service));
        return report != null && report.uid().equals(service.getMetadata().getUid()) ? report.status() : null;
    }

    void evaluateAll() {
        if (!leading.getAsBoolean()) {
            return;
        }
        Set<String> autoscaled = new HashSet<>();
        for (Service service : services.get().toList()) {
            if (service.getSpec() == null || service.getSpec().autoScaling == null
                    || service.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            autoscaled.add(service.getMetadata().getUid());
            ResourceID id = ResourceID.fromResource(service);
            try {
                ServiceAutoScalingStatus previous = latest(service);
                ServiceAutoScalingStatus report = evaluate.apply(target(service),
                        previous != null ? previous : recorded(service));
                reports.put(id, new Report(service.getMetadata().getUid(), report));
                if (StatusWriter.differ(recorded(service), report)) {
                    getEventHandler().handleEvent(new Event(id));
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Autoscaling of Service %s/%s failed; retrying at the next interval",
                        service.getMetadata().getNamespace(), service.getMetadata().getName());
            }
        }
        reports.values().removeIf(r -> !autoscaled.contains(r.uid()));
        retain.accept(autoscaled);
    }

    private ScalingTarget target(Service service) {
        List<RunningTask> running = tasks.apply(service).stream()
                .filter(t -> t.getSpec() != null && t.getSpec().desiredStatus != TaskSpec.DesiredStatus.STOPPED)
                .filter(t -> t.getStatus() != null && t.getStatus().lastStatus == LastStatus.RUNNING)
                .map(t -> new RunningTask(t.getMetadata().getName(),
                        t.getStatus().podName != null ? t.getStatus().podName : t.getMetadata().getName(),
                        number(t.getStatus().cpu), number(t.getStatus().memory)))
                .toList();
        return new ScalingTarget(service, running, KubernetesServiceRenderer.selector(service),
                deploymentInProgress(service.getStatus()));
    }

    private static ServiceAutoScalingStatus recorded(Service service) {
        return service.getStatus() == null ? null : service.getStatus().autoScaling;
    }

    /** Scale-in waits while a deployment is IN_PROGRESS (as ECS's). */
    private static boolean deploymentInProgress(ServiceStatus status) {
        return status != null && (RolloutState.IN_PROGRESS.equals(status.rolloutState)
                || status.deployments != null
                        && status.deployments.stream().anyMatch(d -> RolloutState.IN_PROGRESS.equals(d.rolloutState)));
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
