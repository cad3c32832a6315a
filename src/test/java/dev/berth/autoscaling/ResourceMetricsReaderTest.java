package dev.berth.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.autoscaling.MetricSample.TaskUsage;
import dev.berth.autoscaling.MetricSample.TaskUtilization;
import dev.berth.autoscaling.MetricSample.Unavailable;
import dev.berth.autoscaling.ResourceMetricsReader.RunningTask;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** metrics.k8s.io PodMetrics to ECS utilization (used ÷ task size), on the fabric8 mock server. */
@EnableKubernetesMockClient
class ResourceMetricsReaderTest {

    static final String PATH = "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods?labelSelector=berth.dev%2Fgroup%3Dservice.web";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void usageOfEveryContainerOverTheTaskSize() {
        server.expect().get().withPath(PATH).andReturn(200, new PodMetricsListBuilder().withItems(
                new PodMetricsBuilder().withNewMetadata().withName("web-a").endMetadata().withTimestamp("2026-03-02T10:00:00Z")
                        .addNewContainer().withName("app").withUsage(Map.of("cpu", new Quantity("100m"), "memory",
                                new Quantity("256Mi")))
                        .endContainer()
                        .addNewContainer().withName("log").withUsage(Map.of("cpu", new Quantity("28m"), "memory",
                                new Quantity("0")))
                        .endContainer().build(),
                new PodMetricsBuilder().withNewMetadata().withName("not-a-task").endMetadata()
                        .withTimestamp("2026-03-02T10:00:00Z").addNewContainer().withName("app")
                        .withUsage(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"))).endContainer().build())
                .build()).once();

        var usage = new ResourceMetricsReader(client).read("shop", Map.of("berth.dev/group", "service.web"),
                List.of(new RunningTask("web-a", "web-a", 256, 512), new RunningTask("web-b", "web-b", 256, 512)));

        // 128m of 256 CPU units (250m) = 51.2 %; 256 MiB of 512 = 50 %; web-b has no sample yet
        TaskUtilization cpu = (TaskUtilization) usage.cpu();
        assertThat(cpu.runningTasks()).isEqualTo(2);
        assertThat(cpu.reported()).singleElement().satisfies(u -> {
            assertThat(u.task()).isEqualTo("web-a");
            assertThat(u.percent()).isCloseTo(51.2, within(0.001));
        });
        assertThat(((TaskUtilization) usage.memory()).reported()).extracting(TaskUsage::percent).containsExactly(50.0);
    }

    @Test
    void anUnreachableMetricsApiIsUnavailable() {
        server.expect().get().withPath(PATH).andReturn(404, "").once();
        var usage = new ResourceMetricsReader(client).read("shop", Map.of("berth.dev/group", "service.web"),
                List.of(new RunningTask("web-a", "web-a", 256, 512)));
        assertThat(usage.cpu()).isInstanceOfSatisfying(Unavailable.class, u -> {
            assertThat(u.reason()).isEqualTo("FailedGetResourceMetric");
            assertThat(u.message()).startsWith("metrics.k8s.io could not be read");
        });
    }
}
