package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The Helm chart on the real control plane: lint, templates validated by the API server, install, the
 * operator running with a release's ServiceAccount (watchNamespaces honoured), upgrade from chart 0.1.0 with
 * existing resources kept, and uninstall leaving nothing behind. kwok plays the chart's Deployment (its Pod
 * is scheduled and reported Running and ready, no image is pulled); the operator itself runs as the packaged
 * jar with the release's identity, as in every end-to-end test.
 */
class HelmIT extends EndToEnd {

    private static final Path CHART = LocalControlPlane.ROOT.resolve("helm/berth");
    private static final Path PREVIOUS = LocalControlPlane.ROOT.resolve("helm/previous/berth-0.1.0.tgz");
    private static final Duration INSTALL = Duration.ofMinutes(3);

    @Test
    void lintsAndRendersWhatTheApiServerAccepts() {
        helmOk("lint", "--strict", CHART.toString());
        helmOk("lint", "--strict", CHART.toString(), "--set", "watchNamespaces={a,b}", "--set", "replicaCount=3",
                "--set", "metrics.serviceMonitor.enabled=true");
        assertThat(helm("lint", "--strict", CHART.toString(), "--set", "replicaCount=2", "--set",
                "leaderElection.enabled=false").output()).contains("needs leaderElection.enabled=true");
        assertThat(helm("lint", "--strict", CHART.toString(), "--set", "config.taskStartTimeout=soon").output())
                .contains("taskStartTimeout");
        assertThat(helm("lint", "--strict", CHART.toString(), "--set", "ecsApi.auth=open").output()).contains("auth");
        String ecsApi = helmOk("template", "berth-dry", CHART.toString(), "--set", "ecsApi.tlsSecretName=ecs-tls",
                "--set", "ecsApi.port=9443");
        assertThat(ecsApi).contains("name: BERTH_ECS_API_TLS_CERT_FILE", "secretName: \"ecs-tls\"",
                "containerPort: 9443", "name: berth-dry-ecs-api", "resources: [subjectaccessreviews]");
        assertThat(helmOk("template", "berth-dry", CHART.toString(), "--set", "ecsApi.enabled=false"))
                .doesNotContain("ecs-api", "subjectaccessreviews");
        Shell.Result drift = Shell.run(Duration.ofMinutes(5), "hack/helm/manifests.sh", "--check");
        assertThat(drift.exitCode()).as(drift.output()).isZero();

        String watched = plane.namespace("helm-watched");
        String rendered = manifestFile(helmOk("template", "berth-dry", CHART.toString(), "-n", ns));
        String namespaced = manifestFile(helmOk("template", "berth-dry", CHART.toString(), "-n", ns,
                "--set", "watchNamespaces={" + watched + "}", "--set", "replicaCount=2"));
        for (String manifest : List.of(rendered, namespaced)) {
            assertThat(Shell.kubectlOk("apply", "--server-side", "--dry-run=server", "-f", manifest))
                    .contains("deployment.apps/berth-dry serverside-applied (server dry run)");
        }
        assertThat(Shell.kubectlOk("apply", "--server-side", "--dry-run=server", "-f", namespaced))
                .contains("role.rbac.authorization.k8s.io/berth-dry serverside-applied");
    }

    /** An operator limited to one namespace reconciles there and leaves another namespace alone. */
    @Test
    void watchNamespacesLimitsTheOperatorAndItsRbac() throws IOException {
        String watched = plane.namespace("helm-watched");
        String other = plane.namespace("helm-other");
        String release = release("berth-ns");
        helmOk("install", release, CHART.toString(), "-n", ns, "--set", "watchNamespaces={" + watched + "}", "--wait",
                "--timeout", "3m");
        try {
            limitedOperator(release, watched, other);
        } finally {
            helm("uninstall", release, "-n", ns, "--wait", "--ignore-not-found");
            Shell.kubectl("delete", "lease", release + "-leader", "-n", ns, "--ignore-not-found");
        }
    }

    private void limitedOperator(String release, String watched, String other) throws IOException {
        String account = "system:serviceaccount:" + ns + ":" + release;
        assertThat(canI("list", "pods", watched, account)).isTrue();
        assertThat(canI("list", "pods", other, account)).isFalse();
        assertThat(canI("get", "secrets", other, account)).isFalse();
        assertThat(canI("list", "secrets", watched, account)).as("secrets: get only").isFalse();

        OperatorProcess limited = new OperatorProcess(
                ChartIdentity.kubeconfig(ns, release, target("operator-" + release + ".kubeconfig")),
                releaseEnvironment(release, Map.of("QUARKUS_OPERATOR_SDK_NAMESPACES", watched)));
        plane.operator.kill();
        try {
            limited.start();
            for (String namespace : List.of(watched, other)) {
                Shell.kubectlOk("apply", "-n", namespace, "-f", "deploy/examples/nginx-taskdefinition.yaml", "-f",
                        "deploy/examples/nginx-task.yaml");
            }
            await().atMost(WAIT).until(() -> taskStatus(watched, "my-task-run"), LastStatus.RUNNING::equals);
            // the canary goes to the watched namespace: the limited operator must reconcile it meanwhile
            Quiet.holdsFor(Duration.ofSeconds(8), "the namespace outside watchNamespaces",
                    () -> new Untouched(taskStatus(other, "my-task-run"),
                            client.pods().inNamespace(other).list().getItems().size()),
                    untouched -> {
                        assertThat(untouched.taskStatus()).as("a Task outside watchNamespaces is left alone").isNull();
                        assertThat(untouched.pods()).as("pods outside watchNamespaces").isZero();
                    }, client, watched, limited);
        } finally {
            limited.killIfRunning();
            plane.operator.start();
        }
        // The all-namespace operator is back: it picks the other namespace's task up (it may have timed out by now).
        await().atMost(WAIT).until(() -> taskStatus(other, "my-task-run"), Objects::nonNull);
    }

    /**
     * 0.1.0 to this chart: the CRDs applied first (Helm does not upgrade crds/), then helm upgrade; the Service
     * created before keeps its tasks and is scaled by an operator running as the upgraded release. Deleting the
     * Berth resources while the operator runs, then helm uninstall, leaves no object of the release, no task Pod
     * and no finalizer behind.
     */
    @Test
    void upgradesFromThePreviousChartAndUninstallsCleanly() throws IOException {
        String release = release("berth-up");
        String apps = plane.namespace("helm-apps");
        helmOk("install", release, PREVIOUS.toString(), "-n", ns, "--wait", "--timeout", "3m");
        Shell.kubectlOk("apply", "-n", apps, "-f", "deploy/examples/service-web.yaml");
        await().atMost(WAIT).until(() -> runningTasks(apps).size() == 3);
        List<String> before = runningTasks(apps);

        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f", CHART.resolve("crds").toString());
        helmOk("upgrade", release, CHART.toString(), "-n", ns, "--wait", "--timeout", "3m");
        assertThat(helmOk("history", release, "-n", ns)).contains("berth-0.1.0", "berth-0.2.0");
        assertThat(Shell.kubectlOk("get", "deployment", release, "-n", ns, "-o", "jsonpath={.status.readyReplicas}"))
                .isEqualTo("1");

        OperatorProcess upgraded = new OperatorProcess(
                ChartIdentity.kubeconfig(ns, release, target("operator-" + release + ".kubeconfig")),
                releaseEnvironment(release, Map.of()));
        plane.operator.kill();
        try {
            upgraded.start();
            Shell.kubectlOk("scale", "-n", apps, "services.berth.dev/web", "--replicas", "4");
            await().atMost(WAIT).until(() -> runningTasks(apps).size() == 4);
            assertThat(runningTasks(apps)).as("the tasks from before the upgrade keep running").containsAll(before);
            assertThat(Shell.kubectlOk("get", "lease", release + "-leader", "-n", ns, "-o",
                    "jsonpath={.spec.holderIdentity}")).isEqualTo(release + "-e2e");

            Shell.kubectlOk("delete", "services.berth.dev,tasks.berth.dev,taskdefinitions.berth.dev,clusters.berth.dev",
                    "--all", "-n", apps, "--wait=false");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(client.resources(Service.class).inNamespace(apps).list().getItems()).isEmpty();
                assertThat(client.resources(Task.class).inNamespace(apps).list().getItems()).isEmpty();
                assertThat(client.pods().inNamespace(apps).list().getItems()).isEmpty();
            });
        } finally {
            upgraded.killIfRunning();
            plane.operator.start();
        }
        helmOk("uninstall", release, "-n", ns, "--wait");
        // The operator's own Lease is the only object Helm does not know; it goes with the namespace.
        Shell.kubectlOk("delete", "lease", release + "-leader", "-n", ns);
        String selector = "app.kubernetes.io/instance=" + release;
        assertThat(Shell.kubectlOk("get", "clusterroles,clusterrolebindings", "-l", selector, "-o", "name")).isBlank();
        // helm waits for the Deployment it deleted; its ReplicaSets and Pod go after it, by the garbage collector
        await().atMost(WAIT).untilAsserted(() -> assertThat(Shell.kubectlOk("get",
                "all,roles,rolebindings,serviceaccounts,poddisruptionbudgets,leases", "-n", ns, "-o", "name"))
                .doesNotContain(release).doesNotContain("berth"));
        List<Pod> stuck = client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> p.getMetadata().getFinalizers().contains(Berth.POD_FINALIZER)
                        && p.getMetadata().getDeletionTimestamp() != null)
                .toList();
        assertThat(stuck).as("task Pods stuck on the berth.dev/task-status finalizer").isEmpty();
    }

    private record Untouched(LastStatus taskStatus, int pods) {
    }

    /** Release names are unique per run: ClusterRoles carry them, and a cluster is reused across runs. */
    private String release(String prefix) {
        return prefix + "-" + ns.substring(ns.lastIndexOf('-') + 1);
    }

    private List<String> runningTasks(String namespace) {
        return client.resources(Task.class).inNamespace(namespace).list().getItems().stream()
                .filter(t -> t.getStatus() != null && LastStatus.RUNNING.equals(t.getStatus().lastStatus))
                .map(t -> t.getMetadata().getName()).sorted().toList();
    }

    private LastStatus taskStatus(String namespace, String name) {
        Task task = client.resources(Task.class).inNamespace(namespace).withName(name).get();
        return task == null || task.getStatus() == null ? null : task.getStatus().lastStatus;
    }

    private static boolean canI(String verb, String resource, String namespace, String account) {
        return Shell.kubectl("auth", "can-i", verb, resource, "-n", namespace, "--as", account).output().trim()
                .equals("yes");
    }

    /** The operator environment the chart's Deployment sets for a release (leader election on). */
    private static Map<String, String> releaseEnvironment(String release, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(Map.of("BERTH_TASK_START_TIMEOUT", "60s",
                "BERTH_SERVICE_HEALTHY_AFTER_RUNNING", "2s", "BERTH_LEADER_ELECTION_ENABLED", "true",
                "BERTH_LEADER_ELECTION_LEASE_NAME", release + "-leader", "BERTH_LEADER_ELECTION_IDENTITY",
                release + "-e2e"));
        environment.putAll(extra);
        return environment;
    }

    private static Path target(String file) {
        return LocalControlPlane.ROOT.resolve("target/e2e").resolve(file);
    }

    static String helmOk(String... args) {
        Shell.Result result = helm(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("helm " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }

    /** The helm CLI built from its Go module (make helm), on the local cluster, with its own config dirs. */
    static Shell.Result helm(String... args) {
        Shell.run(Duration.ofMinutes(15), "make", "-s", "helm");
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source build/cluster/env && export HELM_CONFIG_HOME=target/helm/config HELM_CACHE_HOME=target/helm/cache"
                        + " HELM_DATA_HOME=target/helm/data && exec \"$(hack/helm/build.sh --print-path)\" \"$@\"",
                "helm"));
        command.addAll(List.of(args));
        return Shell.run(Duration.ofMinutes(5), command.toArray(String[]::new));
    }
}
