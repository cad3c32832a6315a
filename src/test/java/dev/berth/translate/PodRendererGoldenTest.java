package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders every case under src/test/resources/golden (see {@link GoldenCase}) and compares the
 * Pod YAML with the case's pod.yaml.
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheSameBytesEveryTime(String name) {
        GoldenCase goldenCase = new GoldenCase(name, GoldenCase.ROOT.resolve(name));
        String first = Serialization.asYaml(PodRenderer.render(goldenCase.input()));
        String second = Serialization.asYaml(PodRenderer.render(goldenCase.input()));
        assertThat(second).isEqualTo(first);
    }
}
