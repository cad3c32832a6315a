package dev.berth.autoscaling;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.config.BerthConfig;
import dev.berth.config.Leadership;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.service.KubernetesServiceRenderer;
import dev.berth.status.Conditions;
import dev.berth.status.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Evaluates every Service with spec.autoScaling each {@code berth.autoscaling.interval}: reads its metrics
 * (metrics.k8s.io, Prometheus), asks the pure {@link ScalingPlanner}, writes desiredCount through /scale, patches
 * status.autoScaling and records Events. Services and Tasks come from informer caches of the namespaces the
 * operator watches; the timer is the only trigger, because metrics change without any Kubernetes event. Only the
 * leader evaluates.
 */
@ApplicationScoped
public class Autoscaler {

    private static final Logger LOG = Logger.getLogger(Autoscaler.class);
    private static final String BY_SERVICE = "by-service";
    static final String ANY = "*";

    private final KubernetesClient client;
    private final BerthConfig config;
    private final Clock clock;
    private final EventRecorder events;
    private final ResourceMetricsReader resourceMetrics;
    private final PrometheusReader prometheus;
    private final ServicePatches patches;
    /** The last status.autoScaling written per Service uid: newer than the cache right after a write. */
    private final Map<String, ServiceAutoScalingStatus> written = new ConcurrentHashMap<>();
    /** The last desiredCount written per Service uid, and when: the informer may not have seen it yet. */
    private final Map<String, Scaled> scaled = new ConcurrentHashMap<>();
    private final Leadership leadership;
    private ScheduledExecutorService timer;
    /** Per watched namespace (key ANY: every namespace), as the controllers watch (quarkus.operator-sdk.namespaces). */
    private final Map<String, SharedIndexInformer<Service>> services = new ConcurrentHashMap<>();
    private final Map<String, SharedIndexInformer<Task>> tasks = new ConcurrentHashMap<>();

    public Autoscaler(KubernetesClient client, BerthConfig config, Clock clock, EventRecorder events, Leadership leadership) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.leadership = leadership;
        this.resourceMetrics = new ResourceMetricsReader(client);
        this.prometheus = new PrometheusReader(config.autoscaling().prometheusUrl(), config.autoscaling().prometheusTimeout());
        this.patches = new ServicePatches(client);
    }

    void start(@Observes StartupEvent startup) {
        if (!config.autoscaling().enabled()) {
            LOG.info("Autoscaler disabled (berth.autoscaling.enabled=false)");
            return;
        }
        for (String namespace : watchedNamespaces()) {
            var serviceOps = client.resources(Service.class);
            var taskOps = client.resources(Task.class);
            services.put(namespace, namespace.equals(ANY) ? serviceOps.inAnyNamespace().inform()
                    : serviceOps.inNamespace(namespace).inform());
            var taskInformer = (namespace.equals(ANY) ? taskOps.inAnyNamespace() : taskOps.inNamespace(namespace))
                    .withLabel(Berth.LABEL_SERVICE).inform();
            taskInformer.addIndexers(Map.of(BY_SERVICE, t -> List.of(serviceKey(t.getMetadata().getNamespace(),
                    t.getMetadata().getLabels().get(Berth.LABEL_SERVICE)))));
            tasks.put(namespace, taskInformer);
        }
        long every = config.autoscaling().interval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-autoscaler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::evaluateAll, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("Autoscaler evaluates every %s (Prometheus: %s, namespaces: %s)", config.autoscaling().interval(),
                config.autoscaling().prometheusUrl().orElse("not configured"), services.keySet());
    }

    /**
     * The namespaces the operator watches: quarkus.operator-sdk.namespaces as QOSDK reads it (unset, its
     * QOSDK_USE_BUILDTIME_NAMESPACES placeholder or JOSDK_ALL_NAMESPACES: every namespace).
     */
    private Set<String> watchedNamespaces() {
        return namespaces(ConfigProvider.getConfig().getOptionalValues("quarkus.operator-sdk.namespaces", String.class)
                .orElse(List.of()), client.getNamespace());
    }

    static Set<String> namespaces(List<String> configured, String current) {
        Set<String> namespaces = new LinkedHashSet<>();
        for (String n : configured) {
            String name = n.trim();
            if (name.isEmpty() || name.equals("JOSDK_ALL_NAMESPACES") || name.startsWith("QOSDK_")) {
                return Set.of(ANY);
            }
            namespaces.add(name.equals("JOSDK_WATCH_CURRENT") ? current : name);
        }
        return namespaces.isEmpty() ? Set.of(ANY) : namespaces;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer != null) {
            timer.shutdownNow();
            services.values().forEach(SharedIndexInformer::close);
            tasks.values().forEach(SharedIndexInformer::close);
        }
    }

    void evaluateAll() {
        if (!leadership.leading()) {
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Service> all = services.values().stream().flatMap(i -> i.getStore().list().stream()).toList();
        for (Service service : all) {
            if (service.getSpec() == null || service.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (service.getSpec().autoScaling == null) {
                if (service.getStatus() != null && service.getStatus().autoScaling != null) {
                    // autoscaling was switched off: its report goes (desiredCount stays where it is)
                    patches.status(service, null);
                }
                continue;
            }
            seen.add(service.getMetadata().getUid());
            try {
                evaluate(service);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Autoscaling of Service %s/%s failed; retrying at the next interval",
                        service.getMetadata().getNamespace(), service.getMetadata().getName());
            }
        }
        written.keySet().retainAll(seen);
        scaled.keySet().retainAll(seen);
    }

    private record Scaled(int count, Instant at) {
    }

    private void evaluate(Service service) {
        ServiceAutoScaling spec = service.getSpec().autoScaling;
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        List<ResourceMetricsReader.RunningTask> running = runningTasks(namespace, name);
        int current = currentDesired(service);
        ScalingPlanner.Plan plan = ScalingPlanner.plan(new ScalingPlanner.Input(spec, current,
                deploymentInProgress(service), samples(service, spec, running), previous(service),
                service.getMetadata().getGeneration(), clock.instant(), config.autoscaling().maxMetricAge()));

        ServiceAutoScalingStatus status = plan.status();
        List<BerthEvent> toRecord = new ArrayList<>(plan.events());
        if (plan.scale()) {
            var failure = patches.scale(service, plan.desired());
            if (failure.isPresent()) {
                status = failedScale(status, previous(service), plan, failure.get());
                toRecord.removeIf(e -> e.reason().equals("SuccessfulRescale"));
                toRecord.add(BerthEvent.warning("FailedRescale",
                        "could not set desiredCount to " + plan.desired() + " through /scale: " + failure.get()));
            } else {
                scaled.put(service.getMetadata().getUid(), new Scaled(plan.desired(), clock.instant()));
                LOG.infof("Service %s/%s: desiredCount %d -> %d (%s)", namespace, name, current, plan.desired(),
                        plan.reason());
            }
        }
        ServiceAutoScalingStatus before = service.getStatus() == null ? null : service.getStatus().autoScaling;
        if (StatusWriter.differ(before, status)) {
            var failure = patches.status(service, status);
            if (failure.isPresent()) {
                LOG.warnf("Service %s/%s: status.autoScaling not written: %s", namespace, name, failure.get());
            }
        }
        written.put(service.getMetadata().getUid(), status);
        events.record(service, toRecord);
    }

    /** A failed /scale write: the cooldown times stay, AbleToScale says why. */
    private ServiceAutoScalingStatus failedScale(ServiceAutoScalingStatus planned, ServiceAutoScalingStatus previous,
            ScalingPlanner.Plan plan, String failure) {
        ServiceAutoScalingStatus s = planned;
        ServiceAutoScalingStatus was = previous == null ? new ServiceAutoScalingStatus() : previous;
        s.lastScalingTime = was.lastScalingTime;
        s.lastScalingReason = was.lastScalingReason;
        s.lastScaleOutTime = was.lastScaleOutTime;
        s.lastScaleInTime = was.lastScaleInTime;
        s.conditions = Conditions.with(s.conditions, ScalingPlanner.ABLE_TO_SCALE, false, "FailedUpdateScale",
                "could not set desiredCount to " + plan.desired() + ": " + failure, null, clock.instant());
        return s;
    }

    private Map<MetricSpec, MetricSample> samples(Service service, ServiceAutoScaling spec,
            List<ResourceMetricsReader.RunningTask> running) {
        Set<MetricSpec> wanted = new LinkedHashSet<>();
        if (spec.targetTrackingScalingPolicies != null) {
            spec.targetTrackingScalingPolicies
                    .forEach(p -> wanted.add(MetricSpec.of(p.predefinedMetricSpecification, p.customizedMetricSpecification)));
        }
        if (spec.stepScalingPolicies != null) {
            spec.stepScalingPolicies.forEach(
                    p -> wanted
                            .add(MetricSpec.of(p.alarm.predefinedMetricSpecification, p.alarm.customizedMetricSpecification)));
        }
        Map<MetricSpec, MetricSample> samples = new HashMap<>();
        ResourceMetricsReader.Usage usage = null;
        for (MetricSpec metric : wanted) {
            if (metric.source() == MetricSpec.Source.PROMETHEUS) {
                samples.put(metric, prometheus.read(metric.query(), metric.statistic(), running.size()));
                continue;
            }
            if (usage == null) {
                usage = resourceMetrics.read(service.getMetadata().getNamespace(), KubernetesServiceRenderer.selector(service),
                        running);
            }
            samples.put(metric, metric.source() == MetricSpec.Source.CPU ? usage.cpu() : usage.memory());
        }
        return samples;
    }

    private List<ResourceMetricsReader.RunningTask> runningTasks(String namespace, String service) {
        var informer = tasks.containsKey(ANY) ? tasks.get(ANY) : tasks.get(namespace);
        if (informer == null) {
            return List.of();
        }
        return informer.getIndexer().byIndex(BY_SERVICE, serviceKey(namespace, service)).stream()
                .filter(t -> t.getSpec() != null && t.getSpec().desiredStatus != TaskSpec.DesiredStatus.STOPPED)
                .filter(t -> t.getStatus() != null && "RUNNING".equals(t.getStatus().lastStatus))
                .map(t -> new ResourceMetricsReader.RunningTask(t.getMetadata().getName(),
                        t.getStatus().podName != null ? t.getStatus().podName : t.getMetadata().getName(),
                        number(t.getStatus().cpu), number(t.getStatus().memory)))
                .toList();
    }

    private ServiceAutoScalingStatus previous(Service service) {
        ServiceAutoScalingStatus mine = written.get(service.getMetadata().getUid());
        if (mine != null) {
            return mine;
        }
        return service.getStatus() == null ? null : service.getStatus().autoScaling;
    }

    /** desiredCount as the cache has it, or as just written when the cache has not caught up yet (10 s at most). */
    private int currentDesired(Service service) {
        int cached = service.getSpec().desiredCount == null ? 1 : service.getSpec().desiredCount;
        Scaled last = scaled.get(service.getMetadata().getUid());
        return last != null && last.count() != cached && clock.instant().isBefore(last.at().plusSeconds(10)) ? last.count()
                : cached;
    }

    private static boolean deploymentInProgress(Service service) {
        var status = service.getStatus();
        return status != null && ("IN_PROGRESS".equals(status.rolloutState)
                || status.deployments != null
                        && status.deployments.stream().anyMatch(d -> "IN_PROGRESS".equals(d.rolloutState)));
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String serviceKey(String namespace, String service) {
        return Cache.namespaceKeyFunc(namespace, service);
    }
}
