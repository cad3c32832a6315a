package dev.berth.translate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * One directory under src/test/resources/golden: {@code taskdef.json} (an ECS task definition
 * exactly as ECS documents it), optional {@code task.yaml} (the Task's spec: overrides, tags,
 * startedBy...), optional {@code placement.yaml} (capacity provider, node selector, tolerations),
 * optional {@code cluster.yaml} (the Cluster's spec: file systems, host networking, subnets) and {@code pod.yaml}, the expected
 * Pod. The Task
 * is named after the directory, lives in
 * namespace {@code team-a}, has a fixed uid and runs revision 1 of the family.
 */
record GoldenCase(String name, Path directory) {

    static final Path ROOT = Path.of("src", "test", "resources", "golden");
    static final String NAMESPACE = "team-a";
    static final String TASK_UID = "6c7a3c4e-1b2d-4e8f-9a0b-c1d2e3f4a5b6";
    static final int REVISION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    Path expectedPod() {
        return directory.resolve("pod.yaml");
    }

    PodInput input() {
        EcsTaskDefinition definition = readJson("taskdef.json", EcsTaskDefinition.class);
        TaskSpec task = readYamlOr("task.yaml", TaskSpec.class, new TaskSpec());
        Placement placement = readYamlOr("placement.yaml", Placement.class, new Placement("FARGATE", null, null));
        ClusterSpec cluster = readYamlOr("cluster.yaml", ClusterSpec.class, new ClusterSpec());
        return new PodInput(name, NAMESPACE, TASK_UID, task, definition.family, REVISION,
                Overrides.apply(definition, task.overrides), placement, cluster);
    }

    private <T> T readJson(String file, Class<T> type) {
        try {
            return JSON.readValue(directory.resolve(file).toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(file), e);
        }
    }

    private <T> T readYamlOr(String file, Class<T> type, T fallback) {
        Path path = directory.resolve(file);
        if (!Files.exists(path)) {
            return fallback;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
