package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskReferenceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "web | web | ",
            "web:3 | web | 3",
            "web_app_task:14 | web_app_task | 14",
            "aws-otel-EC2 | aws-otel-EC2 | ",
            "arn:aws:ecs:us-west-2:123456789012:task-definition/aws-otel-EC2:1 | aws-otel-EC2 | 1",
            "arn:aws:ecs:us-west-2:123456789012:task-definition/web_app_task | web_app_task | " })
    void parsesTheFormsRunTaskTakes(String reference, String family, Integer revision) {
        assertThat(TaskReference.parse(reference)).isEqualTo(new TaskReference(family, revision));
    }

    @ParameterizedTest
    @CsvSource({ "web, web", "web_app_task, web-app-task-", "aws-otel-EC2, aws-otel-ec2-" })
    void everyFormMatchesTheSchemaPattern(String family, String kubernetesPrefix) {
        assertThat(family).matches(EcsNames.TASK_DEFINITION_REFERENCE);
        assertThat(family + ":2").matches(EcsNames.TASK_DEFINITION_REFERENCE);
        assertThat("arn:aws:ecs:eu-west-1:123456789012:task-definition/" + family + ":2")
                .matches(EcsNames.TASK_DEFINITION_REFERENCE);
        assertThat(EcsNames.kubernetesName(family)).startsWith(kubernetesPrefix);
    }
}
