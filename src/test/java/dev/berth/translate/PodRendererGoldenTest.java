package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.e2e.Shell;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders every case under src/test/resources/golden (see {@link GoldenCase}) and compares the
 * Pod YAML with the case's pod.yaml (and a none-mode task's NetworkPolicy with its networkpolicy.yaml).
 *
 * <p>
 * To accept a deliberate change of the renderer, rewrite the expected files with
 * {@code mvn test -Dtest='dev.berth.translate.**' -Dberth.golden.update=true} and review the
 * diff of src/test/resources/golden before committing it. A new case needs only its inputs:
 * the update run writes its first pod.yaml.
 */
class PodRendererGoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("berth.golden.update");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> directories = Files.list(GoldenCase.ROOT)) {
            return directories.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheExpectedPod(String name) throws IOException {
        GoldenCase goldenCase = new GoldenCase(name, GoldenCase.ROOT.resolve(name));
        String actual = Serialization.asYaml(PodRenderer.render(goldenCase.input()));
        if (UPDATE) {
            Files.writeString(goldenCase.expectedPod(), actual, StandardCharsets.UTF_8);
        }
        assertThat(goldenCase.expectedPod()).as("expected Pod of case %s", name).exists();
        assertThat(actual).isEqualTo(Files.readString(goldenCase.expectedPod(), StandardCharsets.UTF_8));
    }

    /**
     * A case of the network mode none also gets its isolating NetworkPolicy compared with networkpolicy.yaml; no other
     * case has one (the file exists exactly for the cases whose task is isolated).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheExpectedIsolationPolicy(String name) throws IOException {
        GoldenCase goldenCase = new GoldenCase(name, GoldenCase.ROOT.resolve(name));
        Optional<String> actual = NoneModeNetworkPolicy.render(goldenCase.input()).map(Serialization::asYaml);
        Path expected = goldenCase.directory().resolve("networkpolicy.yaml");
        if (UPDATE && actual.isPresent()) {
            Files.writeString(expected, actual.get(), StandardCharsets.UTF_8);
        }
        if (actual.isEmpty()) {
            assertThat(expected).as("isolation policy of case %s", name).doesNotExist();
        } else {
            assertThat(actual.get()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
        }
    }

    /**
     * Determinism beyond this JVM: another JVM, with another locale (Turkish: its case rules break naive
     * toLowerCase), time zone, default charset and identity hash codes, renders every case to the same bytes as
     * the committed pod.yaml files.
     */
    @Test
    void rendersTheSameBytesInAnotherJvm(@TempDir Path out) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Shell.Result rendered = Shell.run(Duration.ofMinutes(2), java.toString(), "-cp", classpath, "-Duser.language=tr",
                "-Duser.country=TR", "-Duser.timezone=Pacific/Kiritimati", "-Dfile.encoding=ISO-8859-1",
                "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2", GoldenRender.class.getName(), out.toString());
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        for (String name : cases().toList()) {
            assertThat(Files.readString(out.resolve(name + ".yaml"), StandardCharsets.UTF_8)).as("case %s", name)
                    .isEqualTo(Files.readString(GoldenCase.ROOT.resolve(name).resolve("pod.yaml"), StandardCharsets.UTF_8));
        }
    }
}
