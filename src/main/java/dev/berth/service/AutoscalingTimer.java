package dev.berth.service;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.autoscaling.Autoscaler;
import dev.berth.autoscaling.ResourceMetricsReader;
import dev.berth.autoscaling.ResourceMetricsReader.RunningTask;
import dev.berth.autoscaling.ScalingTarget;
import dev.berth.cache.SharedTaskEventSource;
import dev.berth.config.Leadership;
import dev.berth.status.StatusWriter;
import dev.berth.usage.RightSizer;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

/**
 * The Service controller's metrics timer: every {@code berth.autoscaling.interval} it reads, from the controller's
 * Service cache and its view of the shared Task cache, each Service that needs its metrics — those with spec.autoScaling
 * ({@link Autoscaler}), and
 * those due for a right-sizing sample ({@link RightSizer}, every {@code berth.right-sizing.sample-interval}) — reads
 * metrics.k8s.io once per Service for both, keeps the reports, and wakes the Service's reconcile when a report is not
 * the one in its status; the reconcile writes them with the rest of the status. A timer, because metrics change
 * without any Kubernetes event. Only the leader evaluates.
 */
final class AutoscalingTimer extends AbstractEventSource<Void, Service> {

    private static final Logger LOG = Logger.getLogger(AutoscalingTimer.class);

    /** The autoscaler as the timer uses it. */
    interface Scaling {
        /** One Service's evaluation given its previous report; {@code usage} reads its metrics.k8s.io usage once. */
        ServiceAutoScalingStatus evaluate(ScalingTarget target, ServiceAutoScalingStatus previous,
                Supplier<ResourceMetricsReader.Usage> usage);

        /** Told the uids of the Services still autoscaled after each round. */
        void retain(Set<String> uids);
    }

    /** Right-sizing as the timer uses it. */
    interface Sizing {
        boolean due(Service service);

        ServiceRightSizingStatus sample(Service service, List<Task> running, ResourceMetricsReader.Usage usage,
                ServiceRightSizingStatus previous);

        /** Told the uids of the Services there are after each round. */
        void retain(Set<String> uids);
    }

    private final Duration interval;
    private final BooleanSupplier leading;
    private final Optional<Scaling> scaling;
    private final Optional<Sizing> sizing;
    private final Function<ScalingTarget, ResourceMetricsReader.Usage> read;
    private final Supplier<Stream<Service>> services;
    private final Function<Service, Set<Task>> tasks;
    /** The latest reports per Service, with the uid they were made for (a Service deleted and created again starts over). */
    private final Map<ResourceID, Report<ServiceAutoScalingStatus>> scalingReports = new ConcurrentHashMap<>();
    private final Map<ResourceID, Report<ServiceRightSizingStatus>> sizingReports = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    private record Report<T>(String uid, T status) {
    }

    /** The Service controller's: its Service cache, its view of the shared Task cache. */
    AutoscalingTimer(Autoscaler autoscaler, RightSizer rightSizer, ResourceMetricsReader reader, Leadership leadership,
            IndexerResourceCache<Service> services, SharedTaskEventSource<Service> tasks) {
        this(autoscaler.interval(), leadership::leading, autoscaler.enabled() ? Optional.of(new Scaling() {
            @Override
            public ServiceAutoScalingStatus evaluate(ScalingTarget target, ServiceAutoScalingStatus previous,
                    Supplier<ResourceMetricsReader.Usage> usage) {
                return autoscaler.evaluate(target, previous, usage);
            }

            @Override
            public void retain(Set<String> uids) {
                autoscaler.retain(uids);
            }
        }) : Optional.empty(), rightSizer.enabled() ? Optional.of(new Sizing() {
            @Override
            public boolean due(Service service) {
                return rightSizer.due(service);
            }

            @Override
            public ServiceRightSizingStatus sample(Service service, List<Task> running, ResourceMetricsReader.Usage usage,
                    ServiceRightSizingStatus previous) {
                return rightSizer.sample(service, running, usage, previous);
            }

            @Override
            public void retain(Set<String> uids) {
                rightSizer.retain(uids);
            }
        }) : Optional.empty(), reader::read, services::list, tasks::getSecondaryResources);
    }

    /** @param read reads the usage of a Service's RUNNING tasks from metrics.k8s.io */
    AutoscalingTimer(Duration interval, BooleanSupplier leading, Optional<Scaling> scaling, Optional<Sizing> sizing,
            Function<ScalingTarget, ResourceMetricsReader.Usage> read, Supplier<Stream<Service>> services,
            Function<Service, Set<Task>> tasks) {
        super(Void.class, "autoscaling");
        this.interval = interval;
        this.leading = leading;
        this.scaling = scaling;
        this.sizing = sizing;
        this.read = read;
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
        LOG.infof("Metrics timer every %s (autoscaling %s, right-sizing %s)", interval,
                scaling.isPresent() ? "on" : "off", sizing.isPresent() ? "on" : "off");
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
        return latest(scalingReports, service);
    }

    /** Right-sizing's latest report for {@code service}, or null when it has made none since the operator started. */
    ServiceRightSizingStatus latestRightSizing(Service service) {
        return latest(sizingReports, service);
    }

    private static <T> T latest(Map<ResourceID, Report<T>> reports, Service service) {
        Report<T> report = reports.get(ResourceID.fromResource(service));
        return report != null && report.uid().equals(service.getMetadata().getUid()) ? report.status() : null;
    }

    void evaluateAll() {
        if (!leading.getAsBoolean()) {
            return;
        }
        Set<String> autoscaled = new HashSet<>();
        Set<String> present = new HashSet<>();
        for (Service service : services.get().toList()) {
            if (service.getSpec() == null || service.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            present.add(service.getMetadata().getUid());
            boolean scale = scaling.isPresent() && service.getSpec().autoScaling != null;
            if (scale) {
                autoscaled.add(service.getMetadata().getUid());
            }
            boolean sample = sizing.isPresent() && sizing.get().due(service);
            if (scale || sample) {
                evaluate(service, scale, sample);
            }
        }
        scalingReports.values().removeIf(r -> !autoscaled.contains(r.uid()));
        sizingReports.values().removeIf(r -> !present.contains(r.uid()));
        scaling.ifPresent(s -> s.retain(autoscaled));
        sizing.ifPresent(s -> s.retain(present));
    }

    /** One Service: its metrics.k8s.io usage read at most once, for the autoscaler and right-sizing. */
    private void evaluate(Service service, boolean scale, boolean sample) {
        ResourceID id = ResourceID.fromResource(service);
        String uid = service.getMetadata().getUid();
        try {
            List<Task> running = running(service);
            ScalingTarget target = target(service, running);
            ResourceMetricsReader.Usage[] once = new ResourceMetricsReader.Usage[1];
            Supplier<ResourceMetricsReader.Usage> usage = () -> once[0] != null ? once[0] : (once[0] = read.apply(target));
            boolean wake = false;
            if (scale) {
                ServiceAutoScalingStatus previous = latest(service);
                ServiceAutoScalingStatus report = scaling.orElseThrow().evaluate(target,
                        previous != null ? previous : recorded(service), usage);
                scalingReports.put(id, new Report<>(uid, report));
                wake = StatusWriter.differ(recorded(service), report);
            }
            if (sample) {
                ServiceRightSizingStatus previous = latestRightSizing(service);
                ServiceRightSizingStatus report = sizing.orElseThrow().sample(service, running,
                        running.isEmpty() ? ResourceMetricsReader.Usage.NONE : usage.get(),
                        previous != null ? previous : recordedRightSizing(service));
                sizingReports.put(id, new Report<>(uid, report));
                wake |= StatusWriter.differ(recordedRightSizing(service), report);
            }
            if (wake) {
                getEventHandler().handleEvent(new Event(id));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Metrics of Service %s/%s could not be evaluated; retrying at the next interval",
                    service.getMetadata().getNamespace(), service.getMetadata().getName());
        }
    }

    /** Its RUNNING Tasks that nobody asked to stop. */
    private List<Task> running(Service service) {
        return tasks.apply(service).stream()
                .filter(t -> t.getSpec() != null && t.getSpec().desiredStatus != TaskSpec.DesiredStatus.STOPPED)
                .filter(t -> t.getStatus() != null && t.getStatus().lastStatus == LastStatus.RUNNING)
                .sorted(Comparator.comparing(t -> t.getMetadata().getName())).toList();
    }

    private static ScalingTarget target(Service service, List<Task> running) {
        List<RunningTask> measured = running.stream()
                .map(t -> new RunningTask(t.getMetadata().getName(),
                        t.getStatus().podName != null ? t.getStatus().podName : t.getMetadata().getName(),
                        number(t.getStatus().cpu), number(t.getStatus().memory)))
                .toList();
        return new ScalingTarget(service, measured, KubernetesServiceRenderer.selector(service),
                deploymentInProgress(service.getStatus()));
    }

    private static ServiceRightSizingStatus recordedRightSizing(Service service) {
        return service.getStatus() == null ? null : service.getStatus().rightSizing;
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
