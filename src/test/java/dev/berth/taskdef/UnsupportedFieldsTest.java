package dev.berth.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

class UnsupportedFieldsTest {

    @Test
    void listsUnknownAndUnsupportedFieldsWithReasons() {
        EcsTaskDefinition def = Serialization.unmarshal("""
                {"family": "web", "networkMode": "host", "ipcMode": "host", "madeUp": 1,
                 "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128,
                   "logConfiguration": {"logDriver": "awslogs"}, "user": "nginx",
                   "linuxParameters": {"initProcessEnabled": true},
                   "portMappings": [{"containerPort": 80, "containerPortRange": "80-90"}]}],
                 "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}]}
                """, EcsTaskDefinition.class);

        assertThat(UnsupportedFields.of(def)).containsExactly(
                "ipcMode: IPC namespace sharing is not supported",
                "madeUp: not an ECS field Berth knows; kept but ignored",
                "containerDefinitions[0].logConfiguration: log drivers are not applied; read logs with kubectl logs",
                "containerDefinitions[0].portMappings[0].containerPortRange: port ranges are not supported; list the ports",
                "containerDefinitions[0].user: 'nginx' is not applied; Kubernetes needs a numeric uid or uid:gid");
    }

    @Test
    void outputOnlyFieldsOfADescribeDumpAndEmptyListsAreNotReported() {
        EcsTaskDefinition def = Serialization.unmarshal(
                """
                        {"taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7", "revision": 7,
                         "status": "ACTIVE", "registeredAt": "2024-01-01T00:00:00Z", "registeredBy": "arn:aws:iam::1:root",
                         "compatibilities": ["EC2", "FARGATE"], "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
                         "family": "web", "placementConstraints": [],
                         "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "links": [], "ulimits": [],
                           "dnsServers": [], "dockerSecurityOptions": [], "volumesFrom": [], "mountPoints": []}]}
                        """,
                EcsTaskDefinition.class);
        assertThat(UnsupportedFields.of(def)).isEmpty();
    }

    @Test
    void volumeSettingsTheKubernetesVolumeDecidesAreListed() {
        EcsTaskDefinition def = Serialization.unmarshal(
                """
                        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128,
                           "linuxParameters": {"initProcessEnabled": true, "tmpfs": [{"containerPath": "/t", "size": 8, "mountOptions": ["noexec"]}]}}],
                         "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "ENABLED",
                             "authorizationConfig": {"accessPointId": "fsap-1", "iam": "ENABLED"}}},
                           {"name": "cache", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": true, "driver": "rexray/ebs"}}]}
                        """,
                EcsTaskDefinition.class);
        assertThat(UnsupportedFields.of(def)).containsExactly(
                "containerDefinitions[0].linuxParameters.tmpfs[0].mountOptions: only ro is applied",
                "volumes[0].efsVolumeConfiguration.transitEncryption: the mapped Kubernetes volume decides (Cluster spec.fileSystems)",
                "volumes[0].efsVolumeConfiguration.authorizationConfig: the mapped Kubernetes volume decides (Cluster spec.fileSystems)",
                "volumes[1].dockerVolumeConfiguration.driver: Docker volume drivers are not applied (scope task: emptyDir;"
                        + " shared: a PersistentVolumeClaim)",
                "volumes[1].dockerVolumeConfiguration.autoprovision: not applied; create the PersistentVolumeClaim");
    }

    @Test
    void theEcsDocsExampleIsFullySupported() {
        EcsTaskDefinition def = Serialization.unmarshal("""
                {"family": "my-task", "containerDefinitions": [{"name": "my-container", "image": "nginx:alpine",
                 "cpu": 256, "memory": 512, "essential": true,
                 "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}
                """, EcsTaskDefinition.class);
        assertThat(UnsupportedFields.of(def)).isEmpty();
    }

    @Test
    void runTaskFieldsWithoutKubernetesMeaningAreListed() {
        TaskSpec task = Serialization.unmarshal("""
                {"taskDefinition": "web", "count": 3, "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"],
                  "securityGroups": ["sg-1"], "assignPublicIp": "ENABLED"}}}
                """, TaskSpec.class);
        // security groups apply (docs/networking.md): not reported
        assertThat(UnsupportedFields.of(task)).containsExactly(
                "count: one Task resource is one task; create several Tasks",
                "networkConfiguration.awsvpcConfiguration.assignPublicIp: not applicable; a task has no public IP of its"
                        + " own (expose it with a load balancer)");
    }

    @Test
    void subnetsAndEveryNetworkModeAreApplied() {
        TaskSpec task = Serialization.unmarshal("""
                {"taskDefinition": "web", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}}
                """, TaskSpec.class);
        assertThat(UnsupportedFields.of(task)).isEmpty();
        for (String mode : new String[] { "awsvpc", "bridge", "host", "none" }) {
            EcsTaskDefinition def = Serialization.unmarshal("""
                    {"family": "web", "networkMode": "%s", "containerDefinitions": [{"name": "web", "image": "nginx",
                     "memory": 128, "links": ["db:database"], "portMappings": [{"containerPort": 80, "hostPort": 80}]},
                     {"name": "db", "image": "postgres", "memory": 128}]}
                    """.formatted(mode), EcsTaskDefinition.class);
            assertThat(UnsupportedFields.of(def)).as(mode).isEmpty();
        }
    }

    @Test
    void aServicesNetworkConfigurationIsReportedAsATasksIs() {
        dev.berth.api.v1alpha1.ServiceSpec service = Serialization.unmarshal("""
                {"taskDefinition": "web", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"],
                  "assignPublicIp": "DISABLED"}}}
                """, dev.berth.api.v1alpha1.ServiceSpec.class);
        assertThat(UnsupportedFields.of(service)).containsExactly("networkConfiguration.awsvpcConfiguration.assignPublicIp:"
                + " not applicable; a task has no public IP of its own (expose it with a load balancer)");
    }

    @Test
    void serviceFieldsBerthDoesNotApplyAreListedNotRefused() {
        dev.berth.api.v1alpha1.ServiceSpec service = Serialization.unmarshal("""
                {"taskDefinition": "web", "deploymentConfiguration": {"maximumPercent": 200,
                  "alarms": {"alarmNames": ["web-5xx"], "enable": true, "rollback": true},
                  "deploymentCircuitBreaker": {"enable": true, "rollback": true}}}
                """, dev.berth.api.v1alpha1.ServiceSpec.class);

        assertThat(UnsupportedFields.of(service)).containsExactly("deploymentConfiguration.alarms: CloudWatch alarms do not"
                + " roll deployments back; the deployment circuit breaker does");
    }
}
