package dev.berth.autoscaling;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.config.BerthConfig;
import dev.berth.events.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The autoscaler's adapters around its pure core ({@link ScalingPlanner}): reads a Service's metrics
 * (metrics.k8s.io as the Service controller read it once for this round, Prometheus), asks the core, writes desiredCount
 * through /scale ({@link ServiceScaler}) and records
 * the Events. It holds no informer and writes no status: the Service controller calls it every
 * {@code berth.autoscaling.interval} with what its own caches hold, and writes the report it returns into
 * status.autoScaling with the rest of the Service's status.
 */
@ApplicationScoped
public class Autoscaler {

    private static final Logger LOG = Logger.getLogger(Autoscaler.class);

    private final BerthConfig config;
    private final Clock clock;
    private final EventRecorder events;
    private final PrometheusReader prometheus;
    private final ServiceScaler scaler;
    /**
     * The last desiredCount written per Service uid, with the Service's generation before that write: the cache has
     * caught up once it shows a later generation (the write changed the spec, so it moved the generation on).
     */
    private final Map<String, Scaled> scaled = new ConcurrentHashMap<>();

    public Autoscaler(KubernetesClient client, BerthConfig config, Clock clock, EventRecorder events) {
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.prometheus = new PrometheusReader(config.autoscaling().prometheusUrl(), config.autoscaling().prometheusTimeout());
        this.scaler = new ServiceScaler(client);
    }

    public boolean enabled() {
        return config.autoscaling().enabled();
    }

    public Duration interval() {
        return config.autoscaling().interval();
    }

    private record Scaled(int count, long generationBefore) {
    }

    /**
     * Evaluates one Service with spec.autoScaling and writes a new desiredCount when the policies ask for one.
     *
     * @param previous its last report (cooldown times, scheduled action runs), or null
     * @param usage the target's CPU and memory from metrics.k8s.io, read when a policy needs it (the Service
     *        controller reads it once per Service for the autoscaler and right-sizing)
     * @return the report for status.autoScaling
     */
    public ServiceAutoScalingStatus evaluate(ScalingTarget target, ServiceAutoScalingStatus previous,
            Supplier<ResourceMetricsReader.Usage> usage) {
        Service service = target.service();
        ServiceAutoScaling spec = service.getSpec().autoScaling;
        int current = currentDesired(service);
        ScalingPlanner.Plan plan = ScalingPlanner.plan(new ScalingPlanner.Input(spec, current,
                target.deploymentInProgress(), samples(target, spec, usage), previous, generation(service), clock.instant(),
                config.autoscaling().maxMetricAge()));
        if (plan.scale()) {
            var failure = scaler.scale(service, plan.desired());
            if (failure.isPresent()) {
                plan = plan.failedToScale(failure.get(), previous, clock.instant());
            } else {
                scaled.put(service.getMetadata().getUid(), new Scaled(plan.desired(), generation(service)));
                LOG.infof("Service %s/%s: desiredCount %d -> %d (%s)", service.getMetadata().getNamespace(),
                        service.getMetadata().getName(), current, plan.desired(), plan.reason());
            }
        }
        events.record(service, plan.events());
        return plan.status();
    }

    /** Forgets the Services that are gone or no longer autoscaled. */
    public void retain(Set<String> uids) {
        scaled.keySet().retainAll(uids);
    }

    /** desiredCount as the cache has it, or as just written while the cache has not caught up with that write. */
    private int currentDesired(Service service) {
        int cached = service.getSpec().desiredCount == null ? 1 : service.getSpec().desiredCount;
        Scaled last = scaled.get(service.getMetadata().getUid());
        return last != null && generation(service) <= last.generationBefore() ? last.count() : cached;
    }

    private Map<MetricSpec, MetricSample> samples(ScalingTarget target, ServiceAutoScaling spec,
            Supplier<ResourceMetricsReader.Usage> usage) {
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
        for (MetricSpec metric : wanted) {
            if (metric.source() == MetricSpec.Source.PROMETHEUS) {
                samples.put(metric, prometheus.read(metric.query(), metric.statistic(), target.running().size()));
                continue;
            }
            samples.put(metric, metric.source() == MetricSpec.Source.CPU ? usage.get().cpu() : usage.get().memory());
        }
        return samples;
    }

    private static long generation(Service service) {
        return service.getMetadata().getGeneration() == null ? 0 : service.getMetadata().getGeneration();
    }
}
