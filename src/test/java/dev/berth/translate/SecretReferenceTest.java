package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretReferenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "db-credentials:password | db-credentials | password",
            "api-token | api-token | value",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-app | prod-app | value",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-db:username:: | prod-db | username",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-db:password:AWSCURRENT:a1b2 | prod-db | password",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-db::AWSPREVIOUS: | prod-db | value",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-db:host | prod-db | host",
            "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:cn-app | cn-app | value",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/app/stripe-key | prod-app-stripe-key | value",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/feature-flags | feature-flags | value",
            "arn:aws:ssm:us-east-1:123456789012:parameter/datadog/api_key | datadog-api-key | value",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:Prod/API/database_url | prod-api-database-url | value",
            "/prod/app/sentry-dsn | prod-app-sentry-dsn | value",
            "prod/app/token | prod-app-token | value",
    })
    void followsTheDocumentedConvention(String valueFrom, String secretName, String key) {
        assertThat(SecretReference.parse(valueFrom)).isEqualTo(new SecretReference(secretName, key));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = { "", "  ", ":key", "name:", "a:b:c", "arn:aws:s3:::bucket/key",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:", "arn:aws:ssm:eu-west-1:123456789012:parameter/" })
    void rejectsWhatNamesNoSecretKey(String valueFrom) {
        assertThatThrownBy(() -> SecretReference.parse(valueFrom)).isInstanceOf(UnrunnableTask.class);
    }

    @org.junit.jupiter.api.Test
    void namesTheBadValueInTheMessage() {
        assertThatThrownBy(() -> SecretReference.parse("arn:aws:s3:::bucket/key"))
                .hasMessageContaining("'arn:aws:s3:::bucket/key'")
                .hasMessageContaining("Secrets Manager");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = { "${JWT_SECRET_ARN}", "<PARAMETER_NAME>", "JWT_SECRET_ARN", "db:pass word" })
    void aReferenceThatNamesNoPossibleSecretIsAnInvalidSecretReference(String valueFrom) {
        assertThatThrownBy(() -> SecretReference.parse(valueFrom)).isInstanceOf(UnrunnableTask.class)
                .satisfies(e -> assertThat(((UnrunnableTask) e).reason()).isEqualTo(SecretReference.INVALID))
                .hasMessageContaining("is not a Kubernetes Secret");
    }
}
