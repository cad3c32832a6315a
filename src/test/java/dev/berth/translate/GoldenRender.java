package dev.berth.translate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders every golden case into {@code args[0]}/CASE.yaml: the other JVM of
 * {@link PodRendererGoldenTest#rendersTheSameBytesInAnotherJvm}.
 */
final class GoldenRender {

    private GoldenRender() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        for (String name : PodRendererGoldenTest.cases().toList()) {
            GoldenCase goldenCase = new GoldenCase(name, GoldenCase.ROOT.resolve(name));
            Files.writeString(out.resolve(name + ".yaml"), Serialization.asYaml(PodRenderer.render(goldenCase.input())),
                    StandardCharsets.UTF_8);
        }
    }
}
