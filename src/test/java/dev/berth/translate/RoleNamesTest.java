package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleNamesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "arn:aws:iam::123456789012:role/app | app",
            "arn:aws:iam::123456789012:role/service-role/inference-execution | inference-execution",
            "arn:aws-us-gov:iam::123456789012:role/a/b/c/batch | batch",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry/private-example | private-example",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-creds | registry-creds",
            "app-runner | app-runner",
            "ecsTaskExecutionRole | ecstaskexecutionrole",
            "arn:aws:iam::123456789012:role/My_App.Role | my-app.role",
    })
    void usesTheLastPathSegment(String arnOrName, String expected) {
        assertThat(RoleNames.fromArn(arnOrName)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = { "", " ", "arn:aws:iam::123456789012", "arn:aws:iam::123456789012:role/" })
    void rejectsWhatHasNoName(String arnOrName) {
        assertThatThrownBy(() -> RoleNames.fromArn(arnOrName)).isInstanceOf(UnrunnableTask.class);
    }
}
