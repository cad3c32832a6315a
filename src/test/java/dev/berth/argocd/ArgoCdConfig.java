package dev.berth.argocd;

import java.io.IOException;
import java.nio.file.Files;

/** deploy/argocd/argocd-cm.yaml: the health scripts as argocd-cm resource customizations, generated from the files. */
final class ArgoCdConfig {

    private ArgoCdConfig() {
    }

    static String render() throws IOException {
        StringBuilder yaml = new StringBuilder("""
                # GENERATED from deploy/argocd/resource_customizations/berth.dev/*/health.lua by ArgoCdHealthTest
                # (mvn test -Dtest=ArgoCdHealthTest -Dberth.argocd.update=true): do not edit.
                # Argo CD health checks for Berth kinds. Merge into the argocd-cm ConfigMap of your Argo CD, e.g.
                #   kubectl -n argocd patch configmap argocd-cm --type merge --patch-file deploy/argocd/argocd-cm.yaml
                # docs/install.md (Argo CD) explains what each kind reports.
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: argocd-cm
                  namespace: argocd
                  labels:
                    app.kubernetes.io/part-of: argocd
                data:
                """);
        for (String kind : LuaHealth.KINDS) {
            yaml.append("  resource.customizations.health.berth.dev_").append(kind).append(": |\n");
            for (String line : Files.readString(LuaHealth.script(kind)).split("\n", -1)) {
                if (!line.isEmpty()) {
                    yaml.append("    ").append(line);
                }
                yaml.append('\n');
            }
        }
        return yaml.toString().stripTrailing() + "\n";
    }
}
