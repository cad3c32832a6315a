package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskSpec.DesiredStatus;

class TaskHealthTest {

    @ParameterizedTest(name = "check {0}, {1}, running {2} s, grace {3} s: healthy {4}, failing {5}")
    @CsvSource({
            "false, UNKNOWN, 39, 0, false, false",
            "false, UNKNOWN, 40, 0, true, false",
            "true, HEALTHY, 1, 0, true, false",
            "true, UNKNOWN, 100, 0, false, false",
            "true, UNHEALTHY, 100, 0, false, true",
            "true, UNHEALTHY, 30, 60, false, false",
            "true, UNHEALTHY, 50, 60, true, false",
            "true, UNHEALTHY, 70, 60, false, true"
    })
    void healthFollowsEcs(boolean check, String status, long runningSeconds, long graceSeconds, boolean healthy,
            boolean failing) {
        Instant now = TestingServices.T0.plusSeconds(1000);
        ServiceTask task = new ServiceTask("web-1", "ecs-svc/1", "web:1", LastStatus.RUNNING, DesiredStatus.RUNNING, status,
                check,
                TestingServices.T0, now.minusSeconds(runningSeconds), null, null, null, "FARGATE");
        TaskHealth health = new TaskHealth(now, Duration.ofSeconds(40), Duration.ofSeconds(graceSeconds));

        assertThat(health.healthy(task)).isEqualTo(healthy);
        assertThat(health.failingHealthChecks(task)).isEqualTo(failing);
    }
}
