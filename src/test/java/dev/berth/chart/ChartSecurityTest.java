package dev.berth.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * What the chart grants and how it runs the operator, read from deploy/berth.yaml (the chart rendered with its defaults,
 * drift-checked against helm/berth by HelmIT; the end-to-end operator runs with exactly these roles): no wildcard in
 * any rule, no verb on any resource beyond the RBAC table of docs/install.md, and a restricted container (non-root,
 * read-only root filesystem, no privilege escalation, every capability dropped, no host namespaces or paths).
 */
class ChartSecurityTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection", "impersonate", "bind", "escalate", "approve", "sign");

    @Test
    void theOperatorsRolesUseNoWildcardAndNoVerbTheDocsDoNotList() throws IOException {
        Map<String, Set<String>> documented = documentedRbac();
        List<String> undocumented = new ArrayList<>();
        int checked = 0;
        for (JsonNode role : operatorRoles()) {
            String roleName = role.at("/metadata/name").asText();
            for (JsonNode rule : role.path("rules")) {
                for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
                    rule.path(field).forEach(value -> assertThat(value.asText()).as("%s of a rule of %s", field, roleName)
                            .doesNotContain("*"));
                }
                for (JsonNode group : rule.path("apiGroups")) {
                    for (JsonNode resource : rule.path("resources")) {
                        String key = key(group.asText(), resource.asText());
                        for (JsonNode verb : rule.path("verbs")) {
                            checked++;
                            if (!documented.getOrDefault(key, Set.of()).contains(verb.asText())) {
                                undocumented.add(roleName + ": " + verb.asText() + " " + key);
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).as("verbs checked").isGreaterThan(50);
        assertThat(undocumented).as("grants missing from the RBAC table of docs/install.md (add them with their reason,"
                + " or drop them from berth.operatorRules)").isEmpty();
    }

    @Test
    void theOperatorRunsAsNonRootOnAReadOnlyRootFilesystemWithoutPrivileges() throws IOException {
        JsonNode deployment = documents().stream().filter(d -> "Deployment".equals(d.path("kind").asText())).findFirst()
                .orElseThrow();
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as("runAsNonRoot").isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        for (String hostNamespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
            assertThat(pod.path(hostNamespace).asBoolean(false)).as(hostNamespace).isFalse();
        }
        pod.path("volumes").forEach(v -> assertThat(v.has("hostPath")).as("hostPath volume %s", v).isFalse());
        List<JsonNode> containers = new ArrayList<>();
        pod.path("containers").forEach(containers::add);
        pod.path("initContainers").forEach(containers::add);
        assertThat(containers).isNotEmpty();
        for (JsonNode container : containers) {
            JsonNode security = container.path("securityContext");
            String name = container.path("name").asText();
            assertThat(security.path("allowPrivilegeEscalation").isBoolean()
                    && !security.path("allowPrivilegeEscalation").asBoolean()).as("%s allowPrivilegeEscalation false", name)
                    .isTrue();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", name).isTrue();
            assertThat(security.path("privileged").asBoolean(false)).as("%s privileged", name).isFalse();
            assertThat(security.at("/capabilities/drop").toString()).as("%s drops every capability", name)
                    .contains("\"ALL\"");
            assertThat(security.at("/capabilities/add").size()).as("%s adds no capability", name).isZero();
            if (security.has("runAsUser")) {
                assertThat(security.path("runAsUser").asLong()).as("%s runAsUser", name).isNotZero();
            }
        }
    }

    /** The ClusterRoles and Roles of the operator itself (not the aggregated ones for users). */
    private static List<JsonNode> operatorRoles() throws IOException {
        return documents().stream().filter(d -> Set.of("ClusterRole", "Role").contains(d.path("kind").asText()))
                .filter(d -> "rbac".equals(d.at("/metadata/labels/app.kubernetes.io~1component").asText())).toList();
    }

    /** The RBAC table of docs/install.md: resource key ({@code name.group/subresource}, core: {@code name}) to verbs. */
    private static Map<String, Set<String>> documentedRbac() throws IOException {
        String docs = Files.readString(Path.of("docs/install.md"));
        String section = docs.substring(docs.indexOf("## RBAC"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, Set<String>> documented = new HashMap<>();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            Set<String> verbs = new HashSet<>();
            for (String word : cells[2].split("[^a-z]+")) {
                if (VERBS.contains(word)) {
                    verbs.add(word);
                }
            }
            Matcher resources = code.matcher(cells[1]);
            while (resources.find()) {
                documented.computeIfAbsent(resources.group(1), k -> new HashSet<>()).addAll(verbs);
            }
        }
        assertThat(documented).as("the RBAC table of docs/install.md").isNotEmpty();
        return documented;
    }

    private static String key(String group, String resource) {
        int slash = resource.indexOf('/');
        String name = slash < 0 ? resource : resource.substring(0, slash);
        String subresource = slash < 0 ? "" : resource.substring(slash);
        return name + (group.isEmpty() ? "" : "." + group) + subresource;
    }

    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(Path.of("deploy/berth.yaml").toFile())) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext();) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }
}
