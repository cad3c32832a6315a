package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceStatus;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The deployment state machine as an immutable value: every transition is a new Rollout, the status read stays as it was. */
class RolloutTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aNewPrimaryMakesEveryOtherDeploymentActiveWithoutTouchingTheStatusItCameFrom() {
        ServiceStatus status = new ServiceStatus();
        status.deployments = List.of(Deployments.start("ecs-svc/1", "web:1", "web:1|", T0));
        String before = Serialization.asJson(status);

        Rollout rollout = Rollout.of(status);
        Rollout next = rollout.start("ecs-svc/2", "web:2", "web:2|", 3, T0.plusSeconds(60));

        assertThat(next.primaryId()).isEqualTo("ecs-svc/2");
        assertThat(next.primary().desiredCount).isEqualTo(3);
        assertThat(next.deployments()).extracting(d -> d.id, d -> d.status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ecs-svc/2", DeploymentStatus.PRIMARY),
                org.assertj.core.groups.Tuple.tuple("ecs-svc/1", DeploymentStatus.ACTIVE));
        assertThat(rollout.primaryId()).isEqualTo("ecs-svc/1");
        assertThat(Serialization.asJson(status)).isEqualTo(before);
    }

    @Test
    void changesToThePrimaryAreCopies() {
        Rollout rollout = Rollout.of(new ServiceStatus()).start("ecs-svc/1", "web:1", "web:1|", 2, T0);
        ServiceDeployment read = rollout.primary();
        read.rolloutState = RolloutState.FAILED;

        Rollout failed = rollout.withPrimary(d -> d.rolloutState = RolloutState.FAILED);

        assertThat(rollout.primaryIn(RolloutState.IN_PROGRESS)).isTrue();
        assertThat(failed.primaryIn(RolloutState.FAILED)).isTrue();
    }

    @Test
    void completionLeavesOnlyThePrimaryAndRemembersItAsTheLastCompleted() {
        Rollout rollout = Rollout.of(new ServiceStatus()).start("ecs-svc/1", "web:1", "web:1|", 2, T0)
                .start("ecs-svc/2", "web:2", "web:2|", 2, T0.plusSeconds(60));

        Rollout done = rollout.complete();

        assertThat(done.deployments()).singleElement().satisfies(d -> {
            assertThat(d.id).isEqualTo("ecs-svc/2");
            assertThat(d.rolloutState).isEqualTo(RolloutState.COMPLETED);
            assertThat(d.rolloutStateReason).isEqualTo("ECS deployment ecs-svc/2 completed.");
        });
        assertThat(done.lastCompleted().id).isEqualTo("ecs-svc/2");
        assertThat(rollout.kept()).hasValueSatisfying(d -> assertThat(d.id).isEqualTo("ecs-svc/1"));
        assertThat(done.kept()).isEmpty();
    }
}
