package dev.berth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs make and the cluster's own kubectl (1.36, from build/cluster/env), as a user would. */
final class Shell {

    record Result(int exitCode, String output) {
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

    static Result run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(LocalControlPlane.ROOT.toFile())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (command[0].equals("make") && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + text);
            }
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
