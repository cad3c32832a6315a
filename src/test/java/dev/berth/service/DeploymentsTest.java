package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.TaskSpec;

/** Deployment ids: never reused, except to adopt the launches of a deployment whose status write a crash lost. */
class DeploymentsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aNewDeploymentTakesTheNextId() {
        List<ServiceDeployment> deployments = List.of(primary("ecs-svc/1", "web:1"));
        List<ServiceTask> tasks = List.of(task("a", "ecs-svc/1", "web:1"), task("b", "ecs-svc/1", "web:1"));

        assertThat(Deployments.idFor(deployments, null, tasks, "web:2")).isEqualTo("ecs-svc/2");
    }

    @Test
    void launchesOfAnUnrecordedDeploymentOfTheSameRevisionAreAdopted() {
        // the operator launched web:2 tasks as ecs-svc/2 and was killed before it wrote ecs-svc/2 into the status
        List<ServiceDeployment> deployments = List.of(primary("ecs-svc/1", "web:1"));
        List<ServiceTask> tasks = List.of(task("a", "ecs-svc/1", "web:1"), task("b", "ecs-svc/2", "web:2"),
                task("c", "ecs-svc/2", "web:2"));

        assertThat(Deployments.idFor(deployments, null, tasks, "web:2")).isEqualTo("ecs-svc/2");
    }

    @Test
    void launchesOfAnUnrecordedDeploymentOfAnotherRevisionAreNot() {
        // ecs-svc/2 (web:2) was never recorded, and the user has moved on to web:3: a new id, never one reused
        List<ServiceDeployment> deployments = List.of(primary("ecs-svc/1", "web:1"));
        List<ServiceTask> tasks = List.of(task("a", "ecs-svc/1", "web:1"), task("b", "ecs-svc/2", "web:2"));

        assertThat(Deployments.idFor(deployments, null, tasks, "web:3")).isEqualTo("ecs-svc/3");
    }

    @Test
    void aRecordedDeploymentIsNeverStartedAgain() {
        ServiceDeployment completed = primary("ecs-svc/2", "web:2");
        List<ServiceTask> tasks = List.of(task("b", "ecs-svc/2", "web:2"));

        assertThat(Deployments.idFor(List.of(primary("ecs-svc/1", "web:2")), completed, tasks, "web:2"))
                .isEqualTo("ecs-svc/3");
        assertThat(Deployments.idFor(List.of(completed), null, tasks, "web:2")).isEqualTo("ecs-svc/3");
    }

    @Test
    void theFirstDeploymentAdoptsTheLaunchesOfACrashedFirstReconcile() {
        List<ServiceTask> tasks = List.of(task("a", "ecs-svc/1", "web:1"));

        assertThat(Deployments.idFor(List.of(), null, tasks, "web:1")).isEqualTo("ecs-svc/1");
        assertThat(Deployments.idFor(List.of(), null, List.of(), "web:1")).isEqualTo("ecs-svc/1");
    }

    private static ServiceDeployment primary(String id, String taskDefinition) {
        return Deployments.start(id, taskDefinition, taskDefinition + "|", T0);
    }

    private static ServiceTask task(String name, String deployment, String taskDefinition) {
        return new ServiceTask(name, deployment, taskDefinition, LastStatus.RUNNING, TaskSpec.DesiredStatus.RUNNING, null,
                false, T0, T0, null, null, null,
                "FARGATE");
    }
}
