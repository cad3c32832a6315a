package dev.berth.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Argo CD health scripts against the objects captured from end-to-end runs (ArgoCdHealthIT writes the
 * testdata/), with the expectations of each kind's health_test.yaml (Argo CD's own test layout), and the
 * argocd-cm snippet carrying exactly these scripts.
 */
class ArgoCdHealthTest {

    private static final Path ARGOCD_CM = Path.of("deploy/argocd/argocd-cm.yaml");

    record Case(String kind, String input, String status, String message) {
        @Override
        public String toString() {
            return kind + "/" + input;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String kind : LuaHealth.KINDS) {
            JsonNode tests = LuaHealth.YAML
                    .readTree(LuaHealth.CUSTOMIZATIONS.resolve(kind).resolve("health_test.yaml").toFile());
            for (JsonNode test : tests.get("tests")) {
                cases.add(new Case(kind, test.get("inputPath").asText(), test.get("healthStatus").get("status").asText(),
                        test.get("healthStatus").path("message").asText(null)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void healthOfACapturedObject(Case c) throws IOException {
        JsonNode object = LuaHealth.YAML.readTree(LuaHealth.CUSTOMIZATIONS.resolve(c.kind()).resolve(c.input()).toFile());
        assertThat(object.get("kind").asText()).isEqualTo(c.kind());
        LuaHealth.Health health = LuaHealth.evaluate(c.kind(), object);
        assertThat(health.status()).isEqualTo(c.status());
        if (c.message() != null) {
            assertThat(health.message()).isEqualTo(c.message());
        }
    }

    @Test
    void everyKindHasItsScriptAndEveryStatusIsOneArgoCdKnows() throws IOException {
        assertThat(cases().map(Case::kind).distinct()).containsExactlyInAnyOrderElementsOf(LuaHealth.KINDS);
        assertThat(cases().map(Case::status)).allMatch(s -> List.of("Healthy", "Progressing", "Degraded", "Suspended",
                "Missing", "Unknown").contains(s));
        try (Stream<Path> files = Files.list(LuaHealth.CUSTOMIZATIONS)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(LuaHealth.KINDS);
        }
    }

    /** A resource the operator has not seen yet is Progressing for every kind (nothing to read yet). */
    @Test
    void aResourceWithoutStatusIsProgressing() throws IOException {
        for (String kind : LuaHealth.KINDS) {
            JsonNode fresh = LuaHealth.YAML.readTree("{apiVersion: berth.dev/v1alpha1, kind: " + kind
                    + ", metadata: {name: x, namespace: y, generation: 1}, spec: {}}");
            assertThat(LuaHealth.evaluate(kind, fresh).status()).as(kind).isEqualTo("Progressing");
        }
    }

    @Test
    void argocdCmCarriesTheScripts() throws IOException {
        String expected = ArgoCdConfig.render();
        if (Boolean.getBoolean("berth.argocd.update")) {
            Files.writeString(ARGOCD_CM, expected);
        }
        assertThat(Files.readString(ARGOCD_CM)).as("deploy/argocd/argocd-cm.yaml is stale: mvn test"
                + " -Dtest=ArgoCdHealthTest -Dberth.argocd.update=true").isEqualTo(expected);
    }
}
