package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API server checks sizes at apply time (CRD schema + CEL, no webhook); ExamplesIT applies and reconciles the examples. */
class ValidationIT extends EndToEnd {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cpu 64 | cpu: 64, memory: 512 | spec.cpu: Invalid value: 64: cpu must be 128-196608 CPU units",
            "Fargate cpu 300 | requiresCompatibilities: [FARGATE], cpu: 300, memory: 512 | requiresCompatibilities FARGATE needs a valid Fargate cpu/memory pair",
            "memory 4 | cpu: 256, memory: 4 | spec.memory: Invalid value: 4: memory must be 6-2147483647 MiB",
            "memory beyond an int | cpu: 256, memory: 2147483648 | spec.memory: Invalid value: 2147483648: memory must be 6-2147483647 MiB",
            "malformed cpu | cpu: 'lots', memory: 512 | spec.cpu: Invalid value: \"lots\": cpu must be 128-196608",
            "Fargate pair | requiresCompatibilities: [FARGATE], cpu: '1 vCPU', memory: '1GB' | requiresCompatibilities FARGATE needs a valid Fargate cpu/memory pair",
            "container above task | cpu: 256, memory: 512, extra: 1 | must not exceed the task memory (spec.memory)",
    })
    void invalidSizesAreRejectedAtApplyTime(String name, String sizes, String message) {
        String containerMemory = sizes.contains("extra") ? ", memory: 1024" : "";
        String spec = sizes.replace(", extra: 1", "");
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: bad}
                spec: {%s, containerDefinitions: [{name: app, image: nginx%s}]}
                """.formatted(spec, containerMemory)));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("The TaskDefinition \"bad\" is invalid").contains(message);
    }

    @Test
    void aTaskIsImmutableAndStoppedIsFinal() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: fixed}
                spec: {taskDefinition: my-task, desiredStatus: STOPPED}
                """);

        Shell.Result retarget = Shell.kubectl("patch", "task", "fixed", "-n", ns, "--type", "merge", "-p",
                "{\"spec\":{\"taskDefinition\":\"other\"}}");
        Shell.Result restart = Shell.kubectl("patch", "task", "fixed", "-n", ns, "--type", "merge", "-p",
                "{\"spec\":{\"desiredStatus\":\"RUNNING\"}}");

        assertThat(retarget.output()).contains("a Task is immutable once created");
        assertThat(restart.output()).contains("a stopped task cannot be started again");
    }

    @Test
    void aRevisionBeyondAnIntIsRefusedAtApplyTime() throws java.io.IOException {
        // found by make chaos's random fuzz (seed -3816437695631920880): taskDefinition web:99999999999 was accepted and
        // the operator could not parse it, so the Task never had a status
        java.nio.file.Path file = java.nio.file.Files.createTempFile("huge-revision", ".yaml");
        java.nio.file.Files.writeString(file, """
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: huge-revision}
                spec: {taskDefinition: 'web:99999999999'}
                """);
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", file.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("spec.taskDefinition").contains("should match");
    }
}
