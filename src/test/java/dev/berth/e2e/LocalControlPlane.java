package dev.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The real control plane of the end-to-end tier: the local kwok cluster ({@code make cluster}, reused
 * when it runs), crds/ applied with kubectl, and the packaged operator in its own process. One per
 * test JVM, shared by every {@code *IT} class (and the {@code dev.berth.bench} benchmarks); the operator
 * process dies with the JVM (see {@link OperatorProcess} for how a leftover of a killed JVM is found).
 * <p>
 * The operator runs as the Helm chart's ServiceAccount, not as admin: the RBAC objects of deploy/berth.yaml
 * (rendered from helm/berth) are applied and the operator gets a kubeconfig with a token of that account. So
 * every end-to-end scenario proves the chart's RBAC suffices. Leader election stays off here: it delays a
 * restarted operator's first reconcile by about 2 s, which tests that restart it within a 15 s start timeout
 * cannot afford under load; HelmIT runs the release operators with it (and so proves the Lease rules).
 */
public final class LocalControlPlane {

    public static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path CLUSTER_DIR = ROOT.resolve("build/cluster");
    /** The operator's autoscaling interval here (production default 15 s); the benchmark runs with both. */
    public static final String AUTOSCALING_INTERVAL = System.getProperty("berth.e2e.autoscaling-interval", "2s");
    private static LocalControlPlane instance;
    private static IllegalStateException failure;

    public final Path kubeconfig;
    public final KubernetesClient client;
    public final OperatorProcess operator;

    private LocalControlPlane() throws IOException, InterruptedException {
        Shell.run(Duration.ofMinutes(60), "make", "-s", "cluster");
        kubeconfig = CLUSTER_DIR.resolve("kubeconfig");
        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f", ROOT.resolve("crds").toString());
        Shell.kubectlOk("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        Map<String, String> environment = new java.util.HashMap<>(Map.of("BERTH_TASK_START_TIMEOUT", "15s",
                "BERTH_SERVICE_HEALTHY_AFTER_RUNNING", "2s", "BERTH_AUTOSCALING_INTERVAL", AUTOSCALING_INTERVAL,
                "BERTH_AUTOSCALING_PROMETHEUS_URL", PrometheusServer.url(), "BERTH_ECS_API_ENABLED", "true",
                "BERTH_ECS_API_HOST", "127.0.0.1", "BERTH_ECS_API_PORT", String.valueOf(OperatorProcess.ecsApiPort()),
                "BERTH_ECS_API_KEYS_NAMESPACE", ChartIdentity.NAMESPACE));
        // right-sizing over a short window (RightSizingIT): metrics-server samples every 10 s, so 6 task samples
        // of a 2-task service come within about half a minute
        environment.putAll(Map.of("BERTH_RIGHT_SIZING_WINDOW", "3m", "BERTH_RIGHT_SIZING_SAMPLE_INTERVAL", "5s",
                "BERTH_RIGHT_SIZING_MIN_SAMPLES", "6"));
        // BatchJobIT reads a finished array's children (exit codes, one Task per index); the benchmarks keep the
        // operator's default, so BatchBench's heap follows the running set (-Dberth.e2e.batch-succeeded-child-ttl)
        environment.put("BERTH_BATCH_SUCCEEDED_CHILD_TTL", System.getProperty("berth.e2e.batch-succeeded-child-ttl", "1h"));
        operator = new OperatorProcess(ChartIdentity.install(kubeconfig), environment);
        operator.start();
    }

    /**
     * The control plane of this JVM, started on first use. A failed start is remembered: every later call fails at once
     * with the original reason instead of trying again (minutes each) for each of the tier's tests.
     */
    public static synchronized LocalControlPlane get() {
        if (failure != null) {
            throw new IllegalStateException("the local control plane failed to start earlier in this test JVM (not"
                    + " retried): " + failure.getMessage(), failure);
        }
        if (instance == null) {
            try {
                instance = new LocalControlPlane();
            } catch (IOException | RuntimeException e) {
                failure = new IllegalStateException("could not start the local control plane: " + e.getMessage(), e);
                throw failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while starting the local control plane", e);
                throw failure;
            }
        }
        return instance;
    }

    /** A fresh namespace: end-to-end tests share one cluster and one operator. */
    public String namespace(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }
}
