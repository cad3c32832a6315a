package dev.berth.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.EcsTaskDefinition;

class TaskRolesTest {

    private static EcsTaskDefinition withRole(String role) {
        EcsTaskDefinition definition = new EcsTaskDefinition();
        definition.taskRoleArn = role;
        return definition;
    }

    @ParameterizedTest
    @CsvSource({
            "arn:aws:iam::123456789012:role/AWSOTTaskRole, awsottaskrole",
            "arn:aws:iam::123456789012:role/service-role/web_app_task_role, web-app-task-role",
            "arn:aws-cn:iam::123456789012:role/app, app" })
    void anIamRoleBecomesTheAnnotatedServiceAccountTheTaskRunsAs(String arn, String name) {
        var account = TaskRoles.serviceAccount(withRole(arn), "team-a").orElseThrow();

        assertThat(account.getMetadata().getName()).isEqualTo(name);
        assertThat(account.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(account.getMetadata().getAnnotations()).containsEntry(TaskRoles.ROLE_ARN_ANNOTATION, arn);
        assertThat(account.getMetadata().getLabels()).containsEntry(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY);
    }

    @ParameterizedTest
    @ValueSource(strings = { "app", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x", "arn:aws:iam::1:role/short" })
    void nothingToCreateWithoutAnIamRoleArn(String role) {
        assertThat(TaskRoles.serviceAccount(withRole(role), "team-a")).isEmpty();
    }
}
