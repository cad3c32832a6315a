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
 * process dies with the JVM.
 */
public final class LocalControlPlane {

    public static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path CLUSTER_DIR = ROOT.resolve("build/cluster");
    private static LocalControlPlane instance;

    public final Path kubeconfig;
    public final KubernetesClient client;
    public final OperatorProcess operator;

    private LocalControlPlane() throws IOException, InterruptedException {
        Shell.run(Duration.ofMinutes(60), "make", "-s", "cluster");
        kubeconfig = CLUSTER_DIR.resolve("kubeconfig");
        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f", ROOT.resolve("crds").toString());
        Shell.kubectlOk("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        operator = new OperatorProcess(kubeconfig,
                Map.of("BERTH_TASK_START_TIMEOUT", "15s", "BERTH_SERVICE_HEALTHY_AFTER_RUNNING", "2s"));
        operator.start();
        Runtime.getRuntime().addShutdownHook(new Thread(operator::kill));
    }

    public static synchronized LocalControlPlane get() {
        if (instance == null) {
            try {
                instance = new LocalControlPlane();
            } catch (IOException e) {
                throw new IllegalStateException("could not start the local control plane: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
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
