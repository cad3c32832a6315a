package dev.berth.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Prometheus server (Debian's package, installed by {@code make tools}) on loopback, scraping one
 * test target and the operator's /q/metrics (job berth-operator) every second. One per test JVM, started on first use on a port
 * chosen when the operator
 * starts (the operator's berth.autoscaling.prometheus-url points there from the beginning).
 */
final class PrometheusServer {

    private static final int PORT = freePort();
    private static final Path DIR = LocalControlPlane.ROOT.resolve("target/e2e/prometheus");
    /** The operator's scrape target: its port changes with every start, so Prometheus reads it from a file. */
    private static final Path OPERATOR_TARGETS = DIR.resolve("operator-targets.json");
    private static PrometheusServer instance;

    private final Process process;

    private PrometheusServer(String target) throws IOException {
        Shell.Result installed = Shell.run(Duration.ofSeconds(10), "bash", "-c", "command -v prometheus");
        if (installed.exitCode() != 0) {
            throw new IllegalStateException("prometheus is missing: run `make tools` (hack/prometheus.sh installs it)");
        }
        List<String> lines = installed.output().lines().toList();
        String binary = lines.get(lines.size() - 1).trim();
        Files.createDirectories(DIR.resolve("data"));
        Path config = DIR.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: berth-e2e
                    static_configs:
                      - targets: ['%s']
                  - job_name: berth-operator
                    metrics_path: /q/metrics
                    file_sd_configs:
                      - files: ['%s']
                        refresh_interval: 1s
                """.formatted(target, OPERATOR_TARGETS));
        pointAtOperator();
        process = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + DIR.resolve("data"),
                "--web.listen-address=127.0.0.1:" + PORT, "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(DIR.resolve("prometheus.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        awaitTargetUp();
    }

    /** Starts the server scraping {@code target} (host:port), once per JVM. */
    static synchronized PrometheusServer scraping(String target) {
        if (instance == null) {
            try {
                instance = new PrometheusServer(target);
            } catch (IOException e) {
                throw new IllegalStateException("could not start Prometheus: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    static String url() {
        return "http://127.0.0.1:" + PORT;
    }

    /** Points the berth-operator job at the operator running now (Prometheus rereads the file every second). */
    private static void pointAtOperator() {
        String targets = "[{\"targets\": [\"127.0.0.1:" + LocalControlPlane.get().operator.port() + "\"]}]";
        try {
            if (!Files.exists(OPERATOR_TARGETS) || !Files.readString(OPERATOR_TARGETS).equals(targets)) {
                Files.writeString(OPERATOR_TARGETS, targets);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The JSON answer of an instant PromQL query (asked again until it holds, it follows a restarted operator). */
    static String query(String promql) {
        pointAtOperator();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(url() + "/api/v1/query?query="
                + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus query failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prometheus answers and has scraped the target successfully. */
    private void awaitTargetUp() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        URI up = URI.create(url() + "/api/v1/query?query=up%7Bjob%3D%22berth-e2e%22%7D%3D%3D1");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ", see "
                        + DIR.resolve("prometheus.log"));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(up).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"value\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                "Prometheus did not scrape its target within 90 s, see " + DIR.resolve("prometheus.log"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
