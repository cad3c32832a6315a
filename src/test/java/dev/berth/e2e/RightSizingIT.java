package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import io.fabric8.kubernetes.api.model.Event;

/**
 * Right-sizing on the real control plane (docs/usage-and-cost.md): tasks report simulated usage through
 * metrics-server, the operator samples it over a short window (LocalControlPlane: 3 min, a sample every 5 s, at least 6
 * task samples); and the shipped Grafana dashboard's every query, run against the real Prometheus.
 */
class RightSizingIT extends EndToEnd {

    private static final Duration SAMPLING = Duration.ofMinutes(3);

    /** 0.5 vCPU, 1 GB, on-demand x86: $0.024685 an hour; 0.25 vCPU/0.5 GB: $0.0123425. */
    private static final String SERVICE = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: %1$s}
            spec:
              cpu: 512
              memory: 1024
              containerDefinitions:
                - name: app
                  image: busybox:1.36
                  dockerLabels: {"sim.berth.dev/cpu-usage": "%2$s", "sim.berth.dev/memory-usage": "%3$s"}
            ---
            apiVersion: berth.dev/v1alpha1
            kind: Service
            metadata: {name: %1$s}
            spec: {taskDefinition: %1$s, desiredCount: 2}
            ---
            """;

    @Test
    void aServiceUsingLittleOfItsReservationGetsOneRecommendationAndOneUsingMostGetsNone() {
        PrometheusServer.scraping(GaugeTarget.get().address());
        applyText(SERVICE.formatted("idle", "20m", "100Mi") + SERVICE.formatted("busy", "450m", "900Mi"));

        ServiceRightSizingStatus idle = awaitRightSizing("idle", s -> "Recommended".equals(s.state));
        assertThat(idle.cpu).isEqualTo(512);
        assertThat(idle.memory).isEqualTo(1024);
        assertThat(idle.recommendedCpu).as("20m + 20 %% fits the smallest Fargate size").isEqualTo(256);
        assertThat(idle.recommendedMemory).isEqualTo(512);
        assertThat(idle.monthlySaving).as("2 tasks x (0.024685 - 0.0123425) x 730").isEqualTo("18.02");
        assertThat(idle.monthlySavingPerTask).isEqualTo("9.01");
        assertThat(idle.currency).isEqualTo("USD");
        assertThat(idle.samples).isGreaterThanOrEqualTo(6);
        assertThat(idle.windowSeconds).isEqualTo(180);
        assertThat(idle.memoryPeakMiB).isEqualTo(100);
        assertThat(Double.parseDouble(idle.cpuPeakVcpu)).isBetween(0.01, 0.05);
        assertThat(idle.message).contains("could be 0.25 vCPU/0.5 GB");

        ServiceRightSizingStatus busy = awaitRightSizing("busy", s -> "NoSmallerSize".equals(s.state));
        assertThat(busy.recommendedCpu).isNull();
        assertThat(busy.memoryPeakMiB).isEqualTo(900);

        // more samples come; the recommendation is the same, so no status write and no second Event
        String samples = "berth_service_right_sizing_samples{namespace=\"" + ns + "\", service=\"idle\"}";
        await().atMost(SAMPLING).pollInterval(Duration.ofSeconds(1)).until(() -> value(PrometheusServer.query(samples))
                .filter(n -> n >= idle.samples + 4).isPresent());
        assertThat(rightSizing("idle").evaluatedAt).as("not rewritten per sample").isEqualTo(idle.evaluatedAt);
        assertThat(recommendations("idle")).hasSize(1).first()
                .satisfies(e -> assertThat(e.getMessage()).startsWith("Task size 0.5 vCPU/1 GB (cpu 512, memory 1024)"
                        + " could be 0.25 vCPU/0.5 GB (cpu 256, memory 512): saves 18.02 USD a month"));
        assertThat(recommendations("busy")).isEmpty();
        assertThat(PrometheusServer.query(
                "berth_service_cpu_used_vcpu{namespace=\"" + ns + "\", service=\"busy\", statistic=\"p95\"} > 0.4"))
                .contains("\"service\":\"busy\"");
    }

    /**
     * Every query of the shipped dashboard parses and returns data from the operator's metrics, once there are some;
     * the per-service ones for every running service.
     */
    @Test
    void everyDashboardQueryReturnsData() throws IOException {
        PrometheusServer.scraping(GaugeTarget.get().address());
        applyText(SERVICE.formatted("web", "100m", "300Mi") + """
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: once}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - name: job
                      image: busybox:1.36
                      dockerLabels: {"sim.berth.dev/exit-code": "0", "sim.berth.dev/exit-after": "1s"}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: once}
                spec: {taskDefinition: once}
                """);

        List<String> queries = dashboardQueries(ns);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        for (String query : queries) {
            // a per-service panel shows the running service "web" (which has no stopped task: a sum of stopped and
            // running cost must not drop it)
            String expected = query.contains("by (namespace, service") ? "\"service\":\"web\"" : "\"value\"";
            await().atMost(SAMPLING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                    PrometheusServer.query(query)).as(query).contains("\"status\":\"success\"").contains(expected));
        }
    }

    /**
     * The PromQL of every panel target and variable of the dashboard, with Grafana's variables as a Grafana showing
     * this namespace would fill them: $namespace and $cluster as regexes, $__range as the time range (1h).
     */
    static List<String> dashboardQueries(String namespace) throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(Files.readString(LocalControlPlane.ROOT.resolve("helm/berth/dashboards/berth-usage.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String definition = variable.path("definition").asText("");
            if (definition.startsWith("label_values(")) {
                // label_values(SELECTOR, label) is Grafana's: the series it lists are those of SELECTOR
                queries.add(definition.substring("label_values(".length(), definition.lastIndexOf(',')));
            }
        }
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        return queries.stream().map(q -> q.replace("$namespace", namespace).replace("$cluster", ".*")
                .replace("$__range", "1h")).toList();
    }

    private ServiceRightSizingStatus awaitRightSizing(String service,
            java.util.function.Predicate<ServiceRightSizingStatus> condition) {
        return await().atMost(SAMPLING).pollInterval(Duration.ofSeconds(1)).until(() -> rightSizing(service),
                s -> s != null && condition.test(s));
    }

    private ServiceRightSizingStatus rightSizing(String name) {
        Service service = client.resources(Service.class).inNamespace(ns).withName(name).get();
        return service == null || service.getStatus() == null ? null : service.getStatus().rightSizing;
    }

    private List<Event> recommendations(String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && "Service".equals(e.getInvolvedObject().getKind()))
                .filter(e -> "RightSizingRecommended".equals(e.getReason())).toList();
    }

    /** The value of the single series of a Prometheus instant-query answer. */
    private static java.util.Optional<Double> value(String answer) {
        int at = answer.lastIndexOf(",\"");
        if (!answer.contains("\"value\"") || at < 0) {
            return java.util.Optional.empty();
        }
        String number = answer.substring(at + 2, answer.indexOf('"', at + 2));
        try {
            return java.util.Optional.of(Double.parseDouble(number));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
