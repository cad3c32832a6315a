package dev.berth.taskdef;

import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskDefinitionRevisionStatus;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Builds TaskDefinitions and the revisions a planner would have registered, for tests. */
final class TestingTaskDefinitions {

    static final String NGINX = """
            {"family": "my-task", "containerDefinitions": [{"name": "my-container", "image": "nginx:alpine",
             "cpu": 256, "memory": 512, "essential": true, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}
            """;

    private TestingTaskDefinitions() {
    }

    static TaskDefinition taskDefinition(String name, String specJson) {
        TaskDefinition td = Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "TaskDefinition",
                 "metadata": {"name": "%s", "namespace": "ns", "uid": "uid-1", "generation": 1}, "spec": %s}
                """.formatted(name, specJson), TaskDefinition.class);
        return td;
    }

    /** The revision the planner registers for {@code td} as number {@code n}, as the API server returns it. */
    static TaskDefinitionRevision registered(TaskDefinition td, int n, String status) {
        TaskDefinitionRevision r = RevisionPlanner.plan(withLatest(td, n - 1), java.util.List.of(), java.util.Set.of(),
                java.time.Instant.EPOCH).register();
        r.getMetadata().setCreationTimestamp("2026-11-01T00:00:00Z");
        r.setStatus(status == null ? null
                : new TaskDefinitionRevisionStatus(status, "2026-11-01T00:00:00Z", null));
        return r;
    }

    private static TaskDefinition withLatest(TaskDefinition td, int latest) {
        TaskDefinition copy = Serialization.clone(td);
        copy.setStatus(new dev.berth.api.v1alpha1.TaskDefinitionStatus());
        copy.getStatus().latestRevision = latest;
        return copy;
    }
}
