package dev.berth.task;

import static dev.berth.task.TestingPods.IP;
import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingTasks.decide;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.events.BerthEvent;

/**
 * Health from readiness. Verdicts (start + startPeriod + interval * retries): proxy 9 + 10 = 19s, web 10 + 35 = 45s,
 * metrics 11 + 5 = 16s. proxy and web are essential, metrics is not.
 */
class TaskHealthTest {

    record Row(String name, boolean proxyReady, boolean webReady, boolean metricsReady, long now, Map<String, String> health,
            String taskHealth, Optional<Duration> recheckAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static TestingPods ready(boolean proxy, boolean web, boolean metrics) {
        return pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8).running("proxy", 9, proxy)
                .running("web", 10, web).running("metrics", 11, metrics);
    }

    static Stream<Row> health() {
        return Stream.of(
                new Row("every container ready", true, true, true, 12,
                        Map.of("init", "UNKNOWN", "proxy", "HEALTHY", "web", "HEALTHY", "metrics", "HEALTHY"), "HEALTHY",
                        Optional.empty()),
                new Row("none ready, all within their grace", false, false, false, 12,
                        Map.of("init", "UNKNOWN", "proxy", "UNKNOWN", "web", "UNKNOWN", "metrics", "UNKNOWN"), "UNKNOWN",
                        Optional.of(Duration.ofSeconds(4))),
                new Row("non-essential container failed its checks", true, true, false, 17,
                        Map.of("init", "UNKNOWN", "proxy", "HEALTHY", "web", "HEALTHY", "metrics", "UNHEALTHY"), "HEALTHY",
                        Optional.empty()),
                new Row("essential web 1s before its verdict", true, false, true, 44,
                        Map.of("init", "UNKNOWN", "proxy", "HEALTHY", "web", "UNKNOWN", "metrics", "HEALTHY"), "UNKNOWN",
                        Optional.of(Duration.ofSeconds(1))),
                new Row("essential web failed its checks", true, false, true, 45,
                        Map.of("init", "UNKNOWN", "proxy", "HEALTHY", "web", "UNHEALTHY", "metrics", "HEALTHY"), "UNHEALTHY",
                        Optional.empty()),
                new Row("essential sidecar failed its checks, web still in grace", false, false, true, 19,
                        Map.of("init", "UNKNOWN", "proxy", "UNHEALTHY", "web", "UNKNOWN", "metrics", "HEALTHY"), "UNHEALTHY",
                        Optional.of(Duration.ofSeconds(26))));
    }

    @ParameterizedTest
    @MethodSource("health")
    void healthTable(Row row) {
        TaskDecision decision = decide(task(), ready(row.proxyReady(), row.webReady(), row.metricsReady()), row.now());

        assertThat(health(decision.status())).containsExactlyInAnyOrderEntriesOf(row.health());
        assertThat(decision.status().healthStatus).isEqualTo(row.taskHealth());
        assertThat(decision.recheckAfter()).isEqualTo(row.recheckAfter());
    }

    @Test
    void containersWithoutAHealthCheckAreUnknown() {
        var definition = TestingTasks.definition();
        definition.containerDefinitions.forEach(c -> c.healthCheck = null);

        TaskDecision decision = TaskLifecycle.decide(new TaskObservation(task(), "my-task:3", definition,
                ready(true, true, true).build(), null, TestingPods.T0.plusSeconds(100), TestingTasks.START_TIMEOUT, List.of()));

        assertThat(health(decision.status()).values()).containsOnly("UNKNOWN");
        assertThat(decision.status().healthStatus).isEqualTo("UNKNOWN");
    }

    @Test
    void plainInitContainerHealthCheckIsNeverEvaluated() {
        var definition = TestingTasks.definition();
        definition.containerDefinitions.get(0).healthCheck = TestingTasks.healthCheck(5, 1, 0);

        TaskDecision decision = TaskLifecycle.decide(new TaskObservation(task(), "my-task:3", definition,
                pod().scheduled(1).running("init", 5).build(), null, TestingPods.T0.plusSeconds(100),
                TestingTasks.START_TIMEOUT, List.of()));

        assertThat(health(decision.status())).containsEntry("init", "UNKNOWN");
    }

    @Test
    void healthChangesAreEvents() {
        Task task = task();
        step(task, ready(false, false, true), 12);

        TaskDecision healthy = step(task, ready(true, true, true), 20);
        TaskDecision unhealthy = step(task, ready(true, false, true), 60);

        assertThat(healthy.events())
                .containsExactly(BerthEvent.normal("HealthChanged", "Task health is HEALTHY (was UNKNOWN)"));
        assertThat(unhealthy.events()).containsExactly(
                BerthEvent.warning("HealthChanged", "Task failed container health checks: web (was HEALTHY)"));
    }

    @Test
    void stoppingTaskReportsNoHealthChange() {
        Task task = task();
        step(task, ready(true, true, true), 12);

        TaskDecision stopped = step(task, null, 20);

        assertThat(stopped.status().healthStatus).isEqualTo("UNKNOWN");
        assertThat(stopped.events()).extracting(BerthEvent::reason).doesNotContain("HealthChanged");
    }

    private static Map<String, String> health(TaskStatus status) {
        Map<String, String> health = new LinkedHashMap<>();
        status.containers.forEach(c -> health.put(c.name, c.healthStatus));
        return health;
    }
}
