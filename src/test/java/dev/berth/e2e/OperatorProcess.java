package dev.berth.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The operator as users run it: the packaged application (target/quarkus-app) in its own process
 * with its production configuration, so a test can kill it (SIGKILL) and start it again.
 */
public final class OperatorProcess {

    private static final int PORT = Integer.getInteger("berth.e2e.port", 18080);
    /** The ECS API's port: -Dberth.e2e.ecs-api-port, else 1000 above the operator's port (so -Dberth.e2e.port moves both). */
    private static final int ECS_API_PORT = Integer.getInteger("berth.e2e.ecs-api-port", PORT + 1000);
    /** -Dberth.e2e.operator-app=dir runs another build (e.g. a baseline for benchmarks); default target/quarkus-app. */
    private static final Path JAR = LocalControlPlane.ROOT
            .resolve(System.getProperty("berth.e2e.operator-app", "target/quarkus-app")).resolve("quarkus-run.jar");
    private static final Path LOG = LocalControlPlane.ROOT.resolve("target/e2e/operator.log");

    private final Path kubeconfig;
    private Map<String, String> environment;
    private Process process;

    OperatorProcess(Path kubeconfig, Map<String, String> environment) {
        this.kubeconfig = kubeconfig;
        this.environment = environment;
    }

    /** The environment of the next {@link #start()} (e.g. the production defaults for benchmarks). */
    public synchronized void environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The operating-system process id of the running operator (for /proc and jcmd). */
    public synchronized long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("the operator is not running");
        }
        return process.pid();
    }

    /** The operator's HTTP port (health, metrics). */
    public static int port() {
        return PORT;
    }

    /** The operator's ECS API port (EcsApiIT). */
    public static int ecsApiPort() {
        return ECS_API_PORT;
    }

    public synchronized void start() {
        try {
            Files.createDirectories(LOG.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of("java", "-Dquarkus.log.console.json.enabled=false",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + PORT, "-jar", JAR.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            builder.environment().putAll(environment);
            Files.writeString(LOG, "==== operator start " + Instant.now() + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
            awaitReady();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the operator: " + e.getMessage(), e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful informer stop, as a crash or an OOM kill. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + ", see " + LOG);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORT + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new IllegalStateException("the operator did not become ready within 90 s, see " + LOG);
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
