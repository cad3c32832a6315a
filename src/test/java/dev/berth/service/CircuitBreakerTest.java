package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskSpec.DesiredStatus;

class CircuitBreakerTest {

    static final Instant T0 = TestingServices.T0;

    @ParameterizedTest(name = "desired {0} -> threshold {1}")
    @CsvSource({ "0, 3", "1, 3", "4, 3", "5, 3", "6, 3", "7, 4", "25, 13", "399, 200", "400, 200", "800, 200" })
    void thresholdIsHalfTheDesiredCountBetween3And200(int desired, int threshold) {
        assertThat(CircuitBreaker.threshold(desired)).isEqualTo(threshold);
    }

    @Test
    void countsStartFailuresAndHealthCheckStopsSinceTheLastHealthyTask() {
        TaskHealth health = new TaskHealth(T0.plusSeconds(600), Duration.ofSeconds(40), Duration.ZERO);
        List<ServiceTask> tasks = List.of(
                failed("a", T0.plusSeconds(10)),
                failed("b", T0.plusSeconds(20)),
                // ran healthy from 100 + 40 s: resets the count
                running("c", T0.plusSeconds(100)),
                failed("d", T0.plusSeconds(200)),
                stoppedFor("e", "ServiceSchedulerInitiated", TaskHealth.FAILED_HEALTH_CHECKS, T0.plusSeconds(300)),
                // stopped by a scale-in while pending: not a failure
                stoppedFor("f", "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/1)",
                        T0.plusSeconds(310)),
                // reached RUNNING, then exited: not a failure
                new ServiceTask("g", "ecs-svc/1", "web:1", LastStatus.STOPPED, DesiredStatus.RUNNING, "UNKNOWN", false, T0,
                        T0.plusSeconds(400), T0.plusSeconds(405), "EssentialContainerExited", "exited", "FARGATE"));

        assertThat(CircuitBreaker.failedTasks(tasks, health)).isEqualTo(2);
    }

    private static ServiceTask failed(String name, Instant stoppedAt) {
        return new ServiceTask(name, "ecs-svc/1", "web:1", LastStatus.STOPPED, DesiredStatus.RUNNING, "UNKNOWN", false, T0,
                null, stoppedAt,
                "TaskFailedToStart", "CannotPullContainerError: no such image", "FARGATE");
    }

    private static ServiceTask running(String name, Instant startedAt) {
        return new ServiceTask(name, "ecs-svc/1", "web:1", LastStatus.RUNNING, DesiredStatus.RUNNING, "UNKNOWN", false, T0,
                startedAt, null,
                null, null, "FARGATE");
    }

    private static ServiceTask stoppedFor(String name, String stopCode, String reason, Instant stoppedAt) {
        boolean health = reason.equals(TaskHealth.FAILED_HEALTH_CHECKS);
        return new ServiceTask(name, "ecs-svc/1", "web:1", LastStatus.STOPPED, DesiredStatus.STOPPED,
                health ? "UNHEALTHY" : "UNKNOWN",
                health, T0, health ? stoppedAt.minusSeconds(60) : null, stoppedAt, stopCode, reason, "FARGATE");
    }
}
