package dev.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator's identity as the Helm chart installs it: ServiceAccount, ClusterRole, leader-election Role
 * and their bindings from deploy/berth.yaml (generated from helm/berth, drift-checked by HelmIT), and a
 * kubeconfig holding a token of that ServiceAccount.
 */
final class ChartIdentity {

    static final String NAMESPACE = "berth-system";
    static final String ACCOUNT = "berth";
    static final String LEASE = "berth-leader";

    private ChartIdentity() {
    }

    /** Applies the chart's RBAC to the cluster of {@code admin} and returns a kubeconfig of its ServiceAccount. */
    static Path install(Path admin) throws IOException {
        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f",
                LocalControlPlane.ROOT.resolve("deploy/berth.yaml").toString(), "-l",
                "kubernetes.io/metadata.name=" + NAMESPACE);
        Shell.kubectlOk("apply", "--server-side", "--force-conflicts", "-f",
                LocalControlPlane.ROOT.resolve("deploy/berth.yaml").toString(), "-l", "app.kubernetes.io/component=rbac");
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

    /**
     * {@code settings} plus leader election as the chart's Deployment configures it. The identity is fixed, so a
     * restarted (killed) operator takes its own lease back at once instead of waiting for it to expire.
     */
    static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("BERTH_LEADER_ELECTION_ENABLED", "true");
        environment.put("BERTH_LEADER_ELECTION_LEASE_NAME", LEASE);
        environment.put("BERTH_LEADER_ELECTION_LEASE_NAMESPACE", NAMESPACE);
        environment.put("BERTH_LEADER_ELECTION_IDENTITY", "e2e-operator");
        return environment;
    }
}
