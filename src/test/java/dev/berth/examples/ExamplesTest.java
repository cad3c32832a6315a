package dev.berth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.ScheduledTask;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.schedule.RunLaunch;
import dev.berth.schedule.RunTemplate;
import dev.berth.schedule.Schedule;
import dev.berth.taskdef.Snapshot;
import dev.berth.taskdef.TaskSize;
import dev.berth.taskdef.UnsupportedFields;
import io.fabric8.kubernetes.api.model.Secret;

/** Every file in deploy/examples/ parses into the model, fully understood (no unsupported fields). */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("deploy/examples");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<?>> KINDS = Map.of("TaskDefinition", TaskDefinition.class, "Task", Task.class,
            "Cluster", Cluster.class, "Service", Service.class, "Secret", Secret.class, "ScheduledTask", ScheduledTask.class,
            "BatchJob", BatchJob.class, "JobQueue", JobQueue.class, "SecurityGroup", SecurityGroup.class);

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parsesIntoTheModel(Path file) throws IOException {
        List<Object> resources = load(file);
        assertThat(resources).as(file + " has resources").isNotEmpty();
        for (Object resource : resources) {
            if (resource instanceof TaskDefinition td) {
                assertThat(UnsupportedFields.of(td.getSpec())).as(file + ": unsupported fields").isEmpty();
                var snapshot = Snapshot.of(td).taskDefinition();
                TaskSize.cpuUnits(snapshot.cpu).ifPresent(cpu -> assertThat(TaskSize.isValidCpu(cpu)).isTrue());
                TaskSize.memoryMiB(snapshot.memory).ifPresent(mib -> assertThat(TaskSize.isValidMemory(mib)).isTrue());
            }
            if (resource instanceof ScheduledTask schedule) {
                // the schedule evaluates (its expression, zone and dates) and its target is what a Task accepts
                Schedule.of(schedule.getSpec(), Instant.EPOCH, file.toString());
                assertThat(UnsupportedFields.of(RunTemplate.task(schedule, new RunLaunch("run", Instant.EPOCH, 0, 0))
                        .getSpec())).as(file + ": unsupported target fields").isEmpty();
            }
            if (resource instanceof Task task) {
                assertThat(UnsupportedFields.of(task.getSpec())).as(file + ": unsupported fields").isEmpty();
                assertThat(task.getSpec().taskDefinition).isNotBlank();
            }
        }
    }

    @Test
    void theEcsDocsExampleIsPastedUnchanged() throws IOException {
        JsonNode ecs = new ObjectMapper().readTree(Path.of("src/test/resources/ecs-docs/nginx-taskdef.json").toFile());
        JsonNode spec = YAML.readTree(EXAMPLES.resolve("nginx-taskdefinition.yaml").toFile()).get("spec");
        assertThat(spec).isEqualTo(ecs);
    }

    static List<Object> load(Path file) throws IOException {
        List<Object> resources = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                String kind = doc.get("kind").asText();
                assertThat(KINDS).as(file + ": kind " + kind).containsKey(kind);
                resources.add(YAML.treeToValue(doc, KINDS.get(kind)));
            }
        }
        return resources;
    }
}
