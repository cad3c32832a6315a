package dev.berth.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs make and the cluster's own kubectl (1.36, from build/cluster/env), as a user would, and any other command a
 * test needs, each with a timeout that fires: the output goes to a file (a pipe read to its end would wait for every
 * process holding it, and never reach the timeout), and on timeout the whole process tree is killed.
 */
public final class Shell {

    public record Result(int exitCode, String output) {
    }

    private Shell() {
    }

    /** kubectl that must succeed. */
    static String kubectlOk(String... args) {
        Result result = kubectl(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }

    static Result kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source build/cluster/env && exec kubectl \"$@\"", "kubectl"));
        command.addAll(List.of(args));
        return run(Duration.ofMinutes(2), command.toArray(String[]::new));
    }

    /**
     * Runs {@code command} in the repository root with stdin closed, stdout and stderr together.
     *
     * @throws IllegalStateException when it runs longer than {@code timeout} (its process tree is killed, the message
     *         carries the output so far), or when a {@code make} fails
     */
    public static Result run(Duration timeout, String... command) {
        return run(timeout, null, command);
    }

    /** {@link #run(Duration, String...)} with {@code input} as the command's stdin. */
    public static Result run(Duration timeout, Path input, String... command) {
        Path output = null;
        try {
            output = Files.createTempFile("berth-shell-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(LocalControlPlane.ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.redirectInput(input == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                    : ProcessBuilder.Redirect.from(input.toFile()));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout.toSeconds()
                        + " s and was killed; its output so far:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (command[0].equals("make") && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + text);
            }
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** Children first, so none is reparented and keeps running once its parent is gone. */
    private static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // reported by the caller's timeout message; nothing more to do here
            }
        }
    }
}
