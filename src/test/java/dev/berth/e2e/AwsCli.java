package dev.berth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real AWS CLI against Berth's ECS API: v1 ({@code aws} on PATH, pip awscli) or v2 (Debian's awscli at
 * /usr/bin/aws, installed by hack/tools/awscli.sh). Only the endpoint and the credentials differ from AWS; no
 * ~/.aws file is read or written.
 */
final class AwsCli {

    record Result(int exitCode, String stdout, String stderr) {

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(stdout);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + stdout + "\n" + stderr, e);
            }
        }
    }

    final String executable;
    private final String endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;

    AwsCli(String executable, String endpoint, String accessKeyId, String secretAccessKey) {
        this.executable = executable;
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    /** The CLI v1 on PATH (the pip one; never /usr/bin/aws, which is v2). */
    static String v1() {
        Shell.Result which = Shell.run(Duration.ofSeconds(30), "bash", "-c",
                "type -ap aws | grep -vx /usr/bin/aws | sed -n 1p");
        return which.output().trim();
    }

    /** Debian's CLI v2, installed when missing by the project's own script. */
    static String v2() {
        Shell.Result installed = Shell.run(Duration.ofMinutes(10), "hack/tools/awscli.sh");
        if (installed.exitCode() != 0) {
            throw new IllegalStateException("hack/tools/awscli.sh failed:\n" + installed.output());
        }
        return "/usr/bin/aws";
    }

    String version() {
        return run(List.of("--version")).stdout + run(List.of("--version")).stderr;
    }

    /** {@code aws <args> --endpoint-url ... --output json}. */
    Result ecs(String... args) {
        List<String> command = new ArrayList<>(List.of("ecs"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
        return run(command);
    }

    /** An ecs command that must succeed; its JSON answer (or null for commands that print nothing, as waiters). */
    JsonNode ok(String... args) {
        Result result = ecs(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("aws ecs " + String.join(" ", args) + " exited " + result.exitCode() + ":\n"
                    + result.stderr() + result.stdout());
        }
        return result.stdout().isBlank() ? null : result.json();
    }

    private Result run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(executable));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(LocalControlPlane.ROOT.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    new String(stderr.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
