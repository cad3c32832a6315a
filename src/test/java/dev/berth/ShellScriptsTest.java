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
 * Under {@code set -o pipefail}, {@code cmd | grep -q x} and {@code cmd | head} fail whenever the reader exits before
 * {@code cmd} has written everything: {@code cmd} dies of SIGPIPE and the pipeline reports it. Whether that happens
 * depends on timing, so such a line passes on one machine and breaks a fresh one (issue 13). No script of the project
 * may have one.
 */
class ShellScriptsTest {
    /** A pipe into a reader that may stop reading early: grep -q/-m/-l/-L, grep --quiet/--max-count, head. */
    static final Pattern EARLY_EXIT_READER = Pattern
            .compile("\\|\\s*(grep(\\s+-\\S+)*\\s+-[a-zA-Z]*[qmlL]|grep\\b[^|]*--(quiet|silent|max-count)|head\\b)");

    @Test
    void noScriptThatSetsPipefailPipesIntoAReaderThatMayExitEarly() {
        List<Path> scripts = scripts();
        assertThat(scripts).as("the scripts this test reads").contains(Path.of("hack/cluster/build.sh"),
                Path.of(".ci/run"), Path.of("Makefile"));
        List<String> offenders = new ArrayList<>();
        for (Path script : scripts) {
            offenders.addAll(earlyExitPipes(script.toString(), read(script)));
        }
        assertThat(offenders).as("capture the output first ([[ \"$(cmd)\" == *x* ]]) or let the reader read"
                + " everything (sed -n 1p instead of head -1)").isEmpty();
    }

    @Test
    void theRuleCatchesTheLineThatBrokeAFreshMachine() {
        String script = "set -euo pipefail\n\"$OUT/etcd\" --version | grep -q \"$ETCD_VERSION\" || die\n"
                + "find / -name x | head -1\nv=$(a | grep -m1 b)\nx | grep --quiet y\n"
                + "# a comment may say | grep -q\nok=$(a | grep -c b)\nsed -n 1p <<<\"$(a | sed -n 1p)\"\n";
        assertThat(earlyExitPipes("s.sh", script)).hasSize(4);
        assertThat(earlyExitPipes("s.sh", script.replace("pipefail", "errexit"))).isEmpty();
    }

    static List<String> earlyExitPipes(String name, String text) {
        List<String> found = new ArrayList<>();
        if (!text.contains("pipefail")) {
            return found;
        }
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("#") && EARLY_EXIT_READER.matcher(line).find()) {
                found.add(name + ":" + (i + 1) + ": " + line);
            }
        }
        return found;
    }

    /** Every shell script and make file of the repository (not build output). */
    static List<Path> scripts() {
        Path root = Path.of("").toAbsolutePath();
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize)
                    .filter(p -> !p.startsWith("target") && !p.startsWith("build") && !p.startsWith(".git"))
                    .filter(ShellScriptsTest::isScript).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isScript(Path path) {
        String name = path.getFileName().toString();
        if (name.endsWith(".sh") || name.endsWith(".mk") || name.equals("Makefile")) {
            return true;
        }
        return Files.isRegularFile(path) && !name.contains(".") && read(path).startsWith("#!/usr/bin/env bash");
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) { // not text: not a script
            return "";
        }
    }
}
