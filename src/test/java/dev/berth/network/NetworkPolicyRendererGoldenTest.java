package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.SecurityGroup;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders every case under src/test/resources/security-groups: {@code groups.yaml} holds the group rendered first,
 * then the other groups of its namespace; {@code expected.yaml} the NetworkPolicy and what was not applied. Accept a
 * deliberate change with {@code mvn test -Dtest=NetworkPolicyRendererGoldenTest -Dberth.golden.update=true} and review
 * the diff.
 */
class NetworkPolicyRendererGoldenTest {

    private static final Path ROOT = Path.of("src/test/resources/security-groups");
    private static final boolean UPDATE = Boolean.getBoolean("berth.golden.update");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> directories = Files.list(ROOT)) {
            return directories.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheExpectedPolicy(String name) throws IOException {
        List<SecurityGroup> groups = groups(ROOT.resolve(name).resolve("groups.yaml"));
        NetworkPolicyRenderer.Rendered rendered = NetworkPolicyRenderer.render(groups.get(0),
                SecurityGroupDirectory.of(groups));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("networkPolicy", rendered.policy());
        out.put("notApplied", rendered.notApplied());
        String actual = Serialization.asYaml(out);
        Path expected = ROOT.resolve(name).resolve("expected.yaml");
        if (UPDATE) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
        }
        assertThat(expected).as("expected policy of case %s", name).exists();
        assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }

    /** No rule ever renders with an empty peer list: in a NetworkPolicy that would allow every source. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverAllowsEveryoneByAccident(String name) throws IOException {
        List<SecurityGroup> groups = groups(ROOT.resolve(name).resolve("groups.yaml"));
        var spec = NetworkPolicyRenderer.render(groups.get(0), SecurityGroupDirectory.of(groups)).policy().getSpec();
        assertThat(spec.getIngress()).allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
        boolean egressDefault = groups.get(0).getSpec().ipPermissionsEgress == null;
        if (!egressDefault) {
            assertThat(spec.getEgress()).allSatisfy(rule -> assertThat(rule.getTo()).isNotEmpty());
        }
    }

    @Test
    void cidrHostBitsAreClearedAsEc2Does() {
        assertThat(NetworkPolicyRenderer.canonicalCidr("100.68.0.18/18")).isEqualTo("100.68.0.0/18");
        assertThat(NetworkPolicyRenderer.canonicalCidr("10.1.2.3/0")).isEqualTo("0.0.0.0/0");
        assertThat(NetworkPolicyRenderer.canonicalCidr("10.1.2.3/32")).isEqualTo("10.1.2.3/32");
    }

    /** Canonical CIDRs are fixed points, and the network keeps the address's first prefix bits (seeded; seed printed). */
    @Test
    void canonicalCidrsKeepThePrefix() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            long address = random.nextLong() & 0xFFFFFFFFL;
            int bits = random.nextInt(33);
            String cidr = dotted(address) + "/" + bits;
            String canonical = NetworkPolicyRenderer.canonicalCidr(cidr);
            assertThat(NetworkPolicyRenderer.canonicalCidr(canonical)).as("seed %d: %s", seed, cidr).isEqualTo(canonical);
            long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
            assertThat(canonical).as("seed %d: %s", seed, cidr).isEqualTo(dotted(address & mask) + "/" + bits);
        }
    }

    private static String dotted(long a) {
        return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
    }

    static List<SecurityGroup> groups(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Stream.of(text.split("(?m)^---$")).map(String::strip).filter(doc -> doc.contains("kind:"))
                    .map(doc -> Serialization.unmarshal(doc, SecurityGroup.class)).toList();
        }
    }
}
