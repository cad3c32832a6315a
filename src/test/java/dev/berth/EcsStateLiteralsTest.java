package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A Task's lastStatus and desiredStatus and a deployment's status and rolloutState are enums in the API model
 * ({@code LastStatus}, {@code TaskSpec.DesiredStatus}, {@code ServiceDeployment.DeploymentStatus} and
 * {@code RolloutState}). Comparing one of them with a string still compiles ({@code "RUNNING".equals(status.lastStatus)})
 * and is always false, so a wait never ends or a check never fires. No Java file may compare those fields with a
 * state's name; containers' lastStatus (PENDING, RUNNING, STOPPED) stays a string and is left out, as is JSON read
 * back from the ECS API or kubectl.
 */
class EcsStateLiteralsTest {
    static final String STATE = "\"(PROVISIONING|PENDING|ACTIVATING|RUNNING|DEACTIVATING|STOPPING|DEPROVISIONING|STOPPED"
            + "|IN_PROGRESS|COMPLETED|FAILED|PRIMARY|ACTIVE|INACTIVE)\"";
    /** The silent forms; an AssertJ isEqualTo("RUNNING") on an enum fails loudly and is left to the test it is in. */
    static final Pattern STRING_COMPARISON = Pattern.compile(STATE + "(\\.equals\\(|::equals)|\\.equals\\(" + STATE + "\\)"
    // a variable (not an enum constant) compared with a typed field: name.equals(status.lastStatus)
            + "|\\b[a-z]\\w*\\.equals\\([\\w.()]*\\.(lastStatus|rolloutState|desiredStatus)\\)");
    static final Pattern TYPED_FIELD = Pattern.compile("(lastStatus|desiredStatus|rolloutState|deployments?\\b|d\\.status"
            + "|canary)");
    static final Pattern LEFT_OUT = Pattern.compile("c\\.lastStatus|container|Container|asText\\(|path\\(\"|\\.at\\(\"");

    @Test
    void noTypedStateIsComparedWithAString() {
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles()) {
            offenders.addAll(stringComparisons(file.toString(), read(file)));
        }
        assertThat(offenders).as("compare with the enum constant (LastStatus.RUNNING, RolloutState.COMPLETED ...)")
                .isEmpty();
    }

    @Test
    void theRuleCatchesAComparisonThatIsAlwaysFalse() {
        String source = """
                boolean a = "RUNNING".equals(task.getStatus().lastStatus);
                await().until(() -> status(ns, "x").lastStatus, "STOPPED"::equals);
                boolean done = d.rolloutState.equals("COMPLETED");
                await().until(() -> status(task), s -> lastStatus.equals(s.lastStatus));
                boolean same = LastStatus.RUNNING.equals(s.lastStatus);
                boolean b = "STOPPED".equals(c.lastStatus);
                boolean c = task.getStatus().lastStatus == LastStatus.RUNNING;
                assertThat(json.at("/tasks/0/lastStatus").asText()).isEqualTo("RUNNING");
                """;
        assertThat(stringComparisons("X.java", source)).hasSize(4);
    }

    static List<String> stringComparisons(String name, String text) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (STRING_COMPARISON.matcher(line).find() && TYPED_FIELD.matcher(line).find()
                    && !LEFT_OUT.matcher(line).find()) {
                found.add(name + ":" + (i + 1) + ": " + line.strip());
            }
        }
        return found;
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java")), Files.walk(Path.of("src/test/java")))) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.endsWith("EcsStateLiteralsTest.java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
