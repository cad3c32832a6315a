package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No package of {@code dev.berth} depends, through others, on itself: each package can be read, tested and changed
 * starting from the ones it uses. Dependencies are read from the sources (imports and qualified names outside
 * comments and strings), so the test needs no library.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.berth[\\w.]*);", Pattern.MULTILINE);
    /** A qualified reference to a class: lower-case package segments, then an upper-case class name. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.berth(?:\\.[a-z0-9_]+)*)\\.[A-Z]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern
            .compile("(?s)/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"");

    /**
     * Dependencies known to close a cycle, each with what removes it. The test fails when one of them is gone, so the
     * list only shrinks.
     */
    private static final Map<String, String> KNOWN = Map.of(
            "dev.berth.usage -> dev.berth.task",
            "usage reads task.LastStatus (moves to api with the ECS states as enums, issue 16 part 4a) and task.Times",
            "dev.berth.translate -> dev.berth.taskdef",
            "translate.Resources reads taskdef.TaskSize while taskdef.TaskRoles uses translate.RoleNames");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> uses = dependencies();
        KNOWN.keySet().forEach(edge -> {
            String[] ends = edge.split(" -> ");
            assertThat(uses.getOrDefault(ends[0], Set.of())).as("a known cycle is gone: remove it from KNOWN: " + edge)
                    .contains(ends[1]);
            uses.get(ends[0]).remove(ends[1]);
        });
        assertThat(cycles(uses)).as("package cycles (each: a package and the path back to it)").isEmpty();
    }

    @Test
    void theScannerSeesACycle() {
        Map<String, Set<String>> uses = new TreeMap<>(Map.of("a", new TreeSet<>(Set.of("b")), "b",
                new TreeSet<>(Set.of("c")), "c", new TreeSet<>(Set.of("a")), "d", new TreeSet<>(Set.of("a"))));
        assertThat(cycles(uses)).containsExactly(List.of("a", "b", "c", "a"));
        assertThat(referencedPackages("""
                import dev.berth.task.TaskReconciler;
                // dev.berth.usage.Metering in a comment
                /** {@link dev.berth.cluster.ClusterReconciler} */
                String s = "dev.berth.ecsapi.EcsApi";
                var x = dev.berth.api.v1alpha1.TaskSpec.DesiredStatus.STOPPED;
                """)).containsExactlyInAnyOrder("dev.berth.task", "dev.berth.api.v1alpha1");
    }

    /** Package → the other dev.berth packages its classes name. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source = read(file);
                Matcher pkg = PACKAGE.matcher(source);
                if (!pkg.find()) {
                    return;
                }
                Set<String> used = uses.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                referencedPackages(source).stream().filter(p -> !p.equals(pkg.group(1))).forEach(used::add);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    static Set<String> referencedPackages(String source) {
        Set<String> packages = new TreeSet<>();
        Matcher m = REFERENCE.matcher(COMMENTS_AND_STRINGS.matcher(source).replaceAll(" "));
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    /** One cycle per package that lies on one (first found, depth first, in name order), as the path back to it. */
    static List<List<String>> cycles(Map<String, Set<String>> uses) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> onACycle = new TreeSet<>();
        for (String start : uses.keySet()) {
            if (onACycle.contains(start)) {
                continue;
            }
            List<String> path = pathBack(uses, start);
            if (path != null) {
                cycles.add(path);
                onACycle.addAll(path);
            }
        }
        return cycles;
    }

    private static List<String> pathBack(Map<String, Set<String>> uses, String start) {
        Deque<List<String>> paths = new ArrayDeque<>(List.of(List.of(start)));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return longer;
                }
                if (seen.add(next)) {
                    paths.add(longer);
                }
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
