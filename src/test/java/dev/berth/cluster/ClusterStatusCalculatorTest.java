package dev.berth.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class ClusterStatusCalculatorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void countsTasksByStateAndServicesNotBeingDeleted() {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("default").withGeneration(1L).build());

        ClusterStatus status = ClusterStatusCalculator.status(cluster,
                List.of(task("RUNNING"), task("RUNNING"), task("PENDING"), task("PROVISIONING"), task("STOPPED"), task(null)),
                List.of(service(false), service(true), service(false)), NOW);

        assertThat(status.runningTasksCount).isEqualTo(2);
        assertThat(status.pendingTasksCount).as("a Task without status yet is PROVISIONING").isEqualTo(3);
        assertThat(status.activeServicesCount).isEqualTo(2);
        assertThat(status.capacityProviders).containsExactly("FARGATE", "FARGATE_SPOT");
        assertThat(status.status).isEqualTo("ACTIVE");
    }

    private static Task task(String lastStatus) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName("t").build());
        if (lastStatus != null) {
            task.setStatus(new TaskStatus());
            task.getStatus().lastStatus = LastStatus.valueOf(lastStatus);
        }
        return task;
    }

    private static Service service(boolean deleting) {
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName("s")
                .withDeletionTimestamp(deleting ? "2026-11-22T00:00:00Z" : null).build());
        return service;
    }
}
