package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Task;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** The usage metrics as Prometheus scrapes them, and the chart's dashboard asks only for metrics that exist. */
class UsageMetricsTest {

    static final Instant NOW = Instant.parse("2026-01-01T11:00:00Z");

    @Test
    void stoppedTasksAddToCountersAndRunningOnesAreGauges() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        UsageMetrics metrics = metrics(registry, List.of(
                UsageRollupTest.running("web-1", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z")));
        Task stopped = LedgersTest.stopped("a", "service:web", "0.100000");

        metrics.recorded(stopped, true);
        metrics.recorded(stopped, false);
        metrics.recorded(UsageRollupTest.running("web-1", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z"),
                false);
        String scrape = registry.scrape();

        String labels = "capacity_provider=\"FARGATE\",cluster=\"default\",family=\"web\",namespace=\"team-a\","
                + "service=\"web\"";
        String money = "capacity_provider=\"FARGATE\",cluster=\"default\",currency=\"USD\",family=\"web\","
                + "namespace=\"team-a\",service=\"web\"";
        assertThat(scrape).as("counted once: the second write did not record it")
                .contains("berth_task_stops_total{" + labels + ",} 1.0")
                .contains("berth_task_billed_seconds_total{" + labels + ",} 600.0")
                .contains("berth_task_vcpu_seconds_total{" + labels + ",} 600.0")
                .contains("berth_task_memory_gb_seconds_total{" + labels + ",} 1200.0")
                .contains("berth_task_cost_total{" + money + ",} 0.1")
                .contains("berth_running_tasks{" + labels + ",} 1.0")
                .contains("berth_running_vcpus{" + labels + ",} 1.0")
                .contains("berth_running_memory_gb{" + labels + ",} 2.0")
                .contains("berth_running_cost_per_hour{" + money + ",} 0.04937")
                .contains("berth_running_cost{" + money + ",} 0.04937");
    }

    @Test
    void theDashboardQueriesOnlyMetricsTheOperatorExports() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        UsageMetrics metrics = metrics(registry, List.of());
        metrics.recorded(LedgersTest.stopped("a", "service:web", "0.1"), true);
        metrics.recorded(UsageRollupTest.running("web-1", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z"),
                false);
        RightSizer rightSizing = RightSizerTest.rightSizer(registry, Clock.fixed(NOW, ZoneOffset.UTC));
        rightSizing.sample(RightSizerTest.service(), List.of(RightSizerTest.task("web-1")),
                dev.berth.autoscaling.ResourceMetricsReader.Usage.NONE, null);
        Set<String> exported = names(registry.scrape(), Pattern.compile("^(berth_[a-z_]+)\\{", Pattern.MULTILINE));

        String dashboard = Files.readString(Path.of("helm/berth/dashboards/berth-usage.json"));
        Set<String> queried = names(dashboard, Pattern.compile("\\b(berth_[a-z_]+)"));

        assertThat(queried).isNotEmpty();
        assertThat(exported).containsAll(queried);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard).get("panels")).hasSize(6);
    }

    private static Set<String> names(String text, Pattern pattern) {
        Set<String> names = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static UsageMetrics metrics(PrometheusMeterRegistry registry, List<Task> tasks) {
        UsageMetrics metrics = new UsageMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC), TestingPrices.usEast1(),
                new TaskMeters());
        metrics.watch(() -> tasks);
        return metrics;
    }
}
