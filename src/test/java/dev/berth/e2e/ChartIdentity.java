package dev.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator's identity as the Helm chart installs it: ServiceAccount, ClusterRole, leader-election Role
 * and their bindings from deploy/berth.yaml (generated from helm/berth, drift-checked by HelmIT), the Task
 * finalizer's admission policy, and a kubeconfig holding a token of that ServiceAccount.
 */
final class ChartIdentity {

    static final String NAMESPACE = "berth-system";
    static final String ACCOUNT = "berth";

    private ChartIdentity() {
    }

    /** Applies the chart's RBAC to the cluster of {@code admin} and returns a kubeconfig of its ServiceAccount. */
    static Path install(Path admin) throws IOException {
        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f",
                LocalControlPlane.ROOT.resolve("deploy/berth.yaml").toString(), "-l",
                "kubernetes.io/metadata.name=" + NAMESPACE);
        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f",
                LocalControlPlane.ROOT.resolve("deploy/berth.yaml").toString(), "-l", "app.kubernetes.io/component=rbac");
        // the chart's admission policy: Tasks are created holding the Task finalizer (no round trip to add it)
        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f",
                LocalControlPlane.ROOT.resolve("deploy/berth.yaml").toString(), "-l",
                "app.kubernetes.io/component=admission");
        return kubeconfig(NAMESPACE, ACCOUNT, LocalControlPlane.ROOT.resolve("target/e2e/operator-kubeconfig"));
    }

    /** A kubeconfig for the cluster of build/cluster/kubeconfig that authenticates as a ServiceAccount. */
    static Path kubeconfig(String namespace, String account, Path file) throws IOException {
        String server = Shell.kubectlOk("config", "view", "--raw", "--minify", "--flatten", "-o",
                "jsonpath={.clusters[0].cluster.server}").trim();
        String ca = Shell.kubectlOk("config", "view", "--raw", "--minify", "--flatten", "-o",
                "jsonpath={.clusters[0].cluster.certificate-authority-data}").trim();
        String token = Shell.kubectlOk("create", "token", account, "-n", namespace, "--duration", "24h").trim();
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: local
                    cluster: {server: "%s", certificate-authority-data: "%s"}
                users:
                  - name: %s
                    user: {token: "%s"}
                contexts:
                  - name: %s
                    context: {cluster: local, user: %s, namespace: %s}
                current-context: %s
                """.formatted(server, ca, account, token, account, account, namespace, account));
        return file;
    }

}
