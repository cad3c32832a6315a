package dev.berth.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The chart's generated copies match their sources without a helm binary (HelmIT also renders deploy/berth.yaml
 * again with helm and compares): helm/berth/crds/ is crds/, and deploy/berth.yaml carries the same CRDs.
 */
class ChartFilesTest {

    private static final Path CRDS = Path.of("crds");
    private static final Path CHART_CRDS = Path.of("helm/berth/crds");

    @Test
    void theChartCarriesExactlyTheGeneratedCrds() throws IOException {
        assertThat(names(CHART_CRDS)).as("helm/berth/crds/ (make manifests)").isEqualTo(names(CRDS));
        for (String name : names(CRDS)) {
            assertThat(Files.readString(CHART_CRDS.resolve(name))).as("helm/berth/crds/%s is stale: make manifests", name)
                    .isEqualTo(Files.readString(CRDS.resolve(name)));
        }
    }

    @Test
    void thePlainManifestsCarryTheGeneratedCrds() throws IOException {
        String manifests = Files.readString(Path.of("deploy/berth.yaml"));
        for (String name : names(CRDS)) {
            assertThat(manifests).as("deploy/berth.yaml is stale (%s): make manifests", name)
                    .contains(Files.readString(CRDS.resolve(name)).strip());
        }
    }

    @Test
    void theChartVersionIsNewerThanEveryPackagedPreviousVersion() throws IOException {
        String chart = Files.readString(Path.of("helm/berth/Chart.yaml"));
        String version = chart.lines().filter(l -> l.startsWith("version:")).findFirst().orElseThrow()
                .substring("version:".length()).trim();
        try (Stream<Path> previous = Files.list(Path.of("helm/previous"))) {
            assertThat(previous.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tgz")))
                    .isNotEmpty().allSatisfy(n -> assertThat(n).isNotEqualTo("berth-" + version + ".tgz"));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }
}
