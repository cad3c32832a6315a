package dev.berth.autoscaling;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.autoscaling.MetricSample.TaskUsage;
import dev.berth.autoscaling.MetricSample.TaskUtilization;
import dev.berth.autoscaling.MetricSample.Unavailable;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Reads the CPU and memory usage of a service's RUNNING tasks from metrics.k8s.io (metrics-server) with one list
 * call per service: what each task used, and that as utilization of the task size (ECS: used ÷ task cpu/memory ×
 * 100). The one reading of a Service's resource metrics, shared by the autoscaler and right-sizing.
 */
@ApplicationScoped
public class ResourceMetricsReader {

    /** One RUNNING task: its Pod and its size (CPU units, MiB). */
    public record RunningTask(String task, String pod, int cpuUnits, int memoryMiB) {
    }

    /** What one task used at one time, summed over its containers: vCPU and MiB. */
    public record TaskMeasurement(String task, double cpuVcpu, double memoryMiB, Instant timestamp) {
    }

    /**
     * CPU and memory utilization of the tasks, or why they could not be read, and what each reported task used
     * ({@code measured}: empty when unavailable).
     */
    public record Usage(MetricSample cpu, MetricSample memory, List<TaskMeasurement> measured) {

        /** No RUNNING task: nothing to read. */
        public static final Usage NONE = new Usage(new TaskUtilization(List.of(), 0), new TaskUtilization(List.of(), 0),
                List.of());

        public Usage {
            measured = List.copyOf(measured);
        }
    }

    private final KubernetesClient client;

    public ResourceMetricsReader(KubernetesClient client) {
        this.client = client;
    }

    /** The usage of the target's RUNNING tasks. */
    public Usage read(ScalingTarget target) {
        return read(target.service().getMetadata().getNamespace(), target.podSelector(), target.running());
    }

    Usage read(String namespace, Map<String, String> podSelector, List<RunningTask> tasks) {
        if (tasks.isEmpty()) {
            return Usage.NONE;
        }
        List<PodMetrics> metrics;
        try {
            metrics = client.top().pods().inNamespace(namespace).withLabels(podSelector).metrics().getItems();
        } catch (KubernetesClientException e) {
            var failed = new Unavailable("FailedGetResourceMetric",
                    "metrics.k8s.io could not be read (is metrics-server running?): " + e.getMessage());
            return new Usage(failed, failed, List.of());
        }
        Map<String, PodMetrics> byPod = metrics.stream()
                .collect(Collectors.toMap(m -> m.getMetadata().getName(), Function.identity(), (a, b) -> a));
        List<TaskUsage> cpu = new ArrayList<>();
        List<TaskUsage> memory = new ArrayList<>();
        List<TaskMeasurement> measured = new ArrayList<>();
        for (RunningTask task : tasks) {
            PodMetrics m = byPod.get(task.pod());
            Optional<Instant> at = m == null ? Optional.empty() : timestamp(m);
            if (at.isEmpty() || m.getContainers() == null || m.getContainers().isEmpty()) {
                continue;
            }
            double millicores = sum(m.getContainers(), "cpu").multiply(BigDecimal.valueOf(1000)).doubleValue();
            double mib = sum(m.getContainers(), "memory").doubleValue() / (1024.0 * 1024.0);
            measured.add(new TaskMeasurement(task.task(), millicores / 1000.0, mib, at.get()));
            if (task.cpuUnits() > 0) {
                cpu.add(new TaskUsage(task.task(), millicores / (task.cpuUnits() * 1000.0 / 1024.0) * 100.0, at.get()));
            }
            if (task.memoryMiB() > 0) {
                memory.add(new TaskUsage(task.task(), mib / task.memoryMiB() * 100.0, at.get()));
            }
        }
        return new Usage(new TaskUtilization(cpu, tasks.size()), new TaskUtilization(memory, tasks.size()), measured);
    }

    private static BigDecimal sum(List<ContainerMetrics> containers, String resource) {
        BigDecimal total = BigDecimal.ZERO;
        for (ContainerMetrics c : containers) {
            Quantity q = c.getUsage() == null ? null : c.getUsage().get(resource);
            if (q != null) {
                total = total.add(q.getNumericalAmount());
            }
        }
        return total;
    }

    private static Optional<Instant> timestamp(PodMetrics m) {
        try {
            return Optional.ofNullable(m.getTimestamp()).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
