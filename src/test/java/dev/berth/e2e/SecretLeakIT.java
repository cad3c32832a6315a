package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;

/**
 * Secret values never leave their Secrets: a task whose containers read recognisable random values through
 * {@code secrets} (name:key and Secrets Manager ARN forms), {@code repositoryCredentials} (an image pull Secret) and
 * {@code logConfiguration.secretOptions} runs to STOPPED, and neither the operator's log, nor the namespace's Events,
 * nor any Berth object (spec and status), nor the task's Pod (which references the Secrets, never copies them) holds
 * a value, plain or base64.
 */
class SecretLeakIT extends EndToEnd {

    private static final Path LOG = LocalControlPlane.ROOT.resolve("target/e2e/operator.log");

    @Test
    void secretValuesAppearInNoLogEventStatusOrPod() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String token = "tok-" + UUID.randomUUID();
        String registryAuth = "reg-" + UUID.randomUUID();
        String dockerConfig = "{\"auths\":{\"registry.example\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(("user:" + registryAuth).getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        long logOffset = Files.size(LOG);
        applyText("""
                apiVersion: v1
                kind: Secret
                metadata: {name: app-creds}
                stringData: {password: "%s", token: "%s"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: registry}
                type: kubernetes.io/dockerconfigjson
                stringData: {.dockerconfigjson: '%s'}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: leaky}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - name: app
                      image: registry.example/app:1
                      repositoryCredentials:
                        credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry"
                      secrets:
                        - {name: DB_PASSWORD, valueFrom: "app-creds:password"}
                        - {name: API_TOKEN, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-creds:token::"}
                      logConfiguration:
                        logDriver: awsfirelens
                        secretOptions:
                          - {name: apikey, valueFrom: "app-creds:token"}
                      dockerLabels:
                        sim.berth.dev/exit-code: "0"
                        sim.berth.dev/exit-after: "1s"
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: leak-1}
                spec: {taskDefinition: leaky}
                """.formatted(password, token, dockerConfig));

        assertThat(awaitLastStatus("leak-1", LastStatus.STOPPED).exitCode).isZero();

        String log = Files.readString(LOG, StandardCharsets.UTF_8).substring((int) logOffset);
        String events = Shell.kubectlOk("get", "events", "-n", ns, "-o", "json");
        String berthObjects = Shell.kubectlOk("get", "berth", "-n", ns, "-o", "json");
        String pods = Shell.kubectlOk("get", "pods", "-n", ns, "-o", "json");
        assertThat(berthObjects).as("the Berth objects were read").contains("leak-1").contains("leaky");
        assertThat(pods).as("the Pod references the Secrets").contains("secretKeyRef").contains("registry");
        for (String value : List.of(password, token, registryAuth)) {
            String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
            for (String form : List.of(value, encoded)) {
                assertThat(log).as("the operator log").doesNotContain(form);
                assertThat(events).as("the Events").doesNotContain(form);
                assertThat(berthObjects).as("the Berth objects").doesNotContain(form);
                assertThat(pods).as("the task Pod").doesNotContain(form);
            }
        }
    }
}
