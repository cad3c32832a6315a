package dev.berth.autoscaling;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;
import dev.berth.autoscaling.MetricSample.ServiceValue;
import dev.berth.autoscaling.MetricSample.Unavailable;

/**
 * Instant queries against Prometheus' HTTP API ({@code GET /api/v1/query}). Several series are summed (Sum) or
 * averaged (Average); an error, no series or a NaN is {@link Unavailable} with Prometheus' own message.
 */
final class PrometheusReader {

    static final String FAILED = "FailedGetPrometheusMetric";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<String> baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    PrometheusReader(Optional<String> baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    MetricSample read(String query, Statistic statistic, int runningTasks) {
        if (baseUrl.isEmpty()) {
            return new Unavailable(FAILED, "no Prometheus server configured (berth.autoscaling.prometheus-url)");
        }
        String url = baseUrl.get() + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unavailable(FAILED, "Prometheus at " + baseUrl.get() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable(FAILED, "interrupted");
        } catch (IllegalArgumentException e) {
            return new Unavailable(FAILED, "bad Prometheus URL " + baseUrl.get() + ": " + e.getMessage());
        }
        return parse(response.statusCode(), response.body(), statistic, runningTasks);
    }

    /** Pure: a Prometheus query response to a sample. */
    static MetricSample parse(int status, String body, Statistic statistic, int runningTasks) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new Unavailable(FAILED, "Prometheus answered HTTP " + status + " without JSON");
        }
        if (!"success".equals(root.path("status").asText())) {
            return new Unavailable(FAILED, "PromQL error (" + root.path("errorType").asText("HTTP " + status) + "): "
                    + root.path("error").asText("no message"));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        List<Double> values = new ArrayList<>();
        if ("scalar".equals(type)) {
            values.add(number(data.path("result").path(1)));
        } else if ("vector".equals(type)) {
            data.path("result").forEach(series -> values.add(number(series.path("value").path(1))));
        } else {
            return new Unavailable(FAILED, "the query returns a " + type + "; it must return an instant vector or a scalar");
        }
        values.removeIf(v -> v == null || v.isNaN() || v.isInfinite());
        if (values.isEmpty()) {
            return new Unavailable(FAILED, "the query returned no series (or only NaN)");
        }
        double sum = values.stream().mapToDouble(Double::doubleValue).sum();
        double value = statistic == Statistic.Sum ? sum : sum / values.size();
        return new ServiceValue(value, statistic, runningTasks);
    }

    private static Double number(JsonNode node) {
        try {
            return node.isMissingNode() ? null : Double.valueOf(node.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
