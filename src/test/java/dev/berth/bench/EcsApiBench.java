package dev.berth.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Issue 15: RunTask through the ECS API at a steady 10, 50 and 100 calls/s ({@code berth.bench.seconds}, 10 s by
 * default) with the AWS SDK's EcsClient — calls/s achieved and the API's answer time p50/p99 — beside the same Tasks
 * created at the same rates straight through the Kubernetes API (what {@code kubectl create} does, without kubectl's
 * process start-up per call).
 */
class EcsApiBench extends Bench {

    static final int API_PORT = Integer.getInteger("berth.bench.ecs-api-port", 19180);
    static final int SENDERS = 32;
    static final BenchResults results = new BenchResults("ecs-api",
            "RunTask through the ECS API (SDK EcsClient) against Task creates through the Kubernetes API");
    static String keyId;
    static String secret;
    static String ns;

    /** The production operator plus the ECS API, and one access key bound to the benchmark's namespace. */
    @BeforeAll
    static void ecsApi() {
        ns = plane.namespace("bench-ecsapi");
        Map<String, String> env = new TreeMap<>(operatorEnvironment());
        env.putAll(Map.of("BERTH_ECS_API_ENABLED", "true", "BERTH_ECS_API_HOST", "127.0.0.1", "BERTH_ECS_API_PORT",
                Integer.toString(API_PORT), "BERTH_ECS_API_KEYS_NAMESPACE", "berth-system"));
        plane.operator.kill();
        plane.operator.environment(env);
        plane.operator.start();
        client.serviceAccounts().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("bench").endMetadata().build()).create();
        client.rbac().roles().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                .withNewMetadata().withName("bench").endMetadata().addNewRule().withApiGroups("berth.dev")
                .withResources("*").withVerbs("*").endRule().build()).create();
        client.rbac().roleBindings().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                .withNewMetadata().withName("bench").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role").withName("bench").endRoleRef().addNewSubject().withKind("ServiceAccount")
                .withName("bench").withNamespace(ns).endSubject().build()).create();
        keyId = "AKIABENCH" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        secret = UUID.randomUUID().toString();
        client.secrets().inNamespace("berth-system").resource(new SecretBuilder().withNewMetadata().withName(ns)
                .addToLabels("berth.dev/ecs-access-key", "true").endMetadata().addToStringData("accessKeyId", keyId)
                .addToStringData("secretAccessKey", secret).addToStringData("namespace", ns)
                .addToStringData("serviceAccount", "bench").build()).create();
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, "1s")).create();
        await(Duration.ofMinutes(2), Duration.ofMillis(500), () -> {
            try (EcsClient ecs = ecs()) {
                return ecs.describeTaskDefinition(r -> r.taskDefinition(Workloads.FAMILY)).taskDefinition() != null;
            } catch (RuntimeException e) {
                return false;
            }
        });
        warmUpOperator();
    }

    static EcsClient ecs() {
        return EcsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + API_PORT)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build())
                .build();
    }

    @AfterAll
    static void report() {
        List<List<String>> rows = new ArrayList<>();
        for (int rate : rates()) {
            for (String scenario : List.of("ecs-api RunTask", "kubernetes create Task")) {
                String s = rate + "/s " + scenario;
                Stats answer = results.stats(s, "answer-ms");
                if (answer.n() == 0) {
                    continue;
                }
                rows.add(List.of(rate + "/s", scenario, Integer.toString(answer.n()),
                        results.stats(s, "errors").medianAndSpread(0), results.stats(s, "achieved-rate").medianAndSpread(1),
                        Stats.format(answer.p50(), 1), Stats.format(answer.p99(), 1), Stats.format(answer.max(), 1)));
            }
        }
        results.table("Answer time of one call in milliseconds (all samples of all runs)",
                List.of("rate", "scenario", "calls", "errors per run", "achieved calls/s", "p50", "p99", "max"), rows);
        results.note("""
                Calls are sent from a scheduler at fixed intervals by a pool of %d client threads. *ecs-api RunTask*: the
                AWS SDK for Java v2 EcsClient (URL-connection HTTP client, retries off, SigV4) calls RunTask on the
                operator's ECS API, which verifies the signature, asks the API server for a SubjectAccessReview, reads the
                cluster and the task definition revisions, and creates the Task. *kubernetes create Task*: the same Task
                created with the fabric8 client, as kubectl would. For reference, ECS itself throttles RunTask per account
                and Region with a token bucket (docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html);
                its figures are not reproduced here because they could not be checked from this machine.""".formatted(
                SENDERS));
        results.write();
    }

    static List<Integer> rates() {
        return List.of(System.getProperty("berth.bench.rates", "10,50,100").split(",")).stream().map(Integer::parseInt)
                .toList();
    }

    @Test
    void runTaskAtSteadyRates() throws InterruptedException {
        int seconds = Integer.getInteger("berth.bench.seconds", 10);
        try (EcsClient ecs = ecs()) {
            for (int run = 1; run <= runs(); run++) {
                for (int rate : rates()) {
                    int r = run;
                    steady("ecs-api RunTask", run, rate, seconds,
                            i -> ecs.runTask(q -> q.taskDefinition(Workloads.FAMILY)));
                    steady("kubernetes create Task", run, rate, seconds,
                            i -> client.resource(Workloads.task(ns, "k-" + r + "-" + rate + "-" + i, Workloads.FAMILY))
                                    .create());
                    client.resources(Task.class).inNamespace(ns).delete();
                    await(Duration.ofMinutes(5), Duration.ofSeconds(1),
                            () -> client.resources(Task.class).inNamespace(ns).list().getItems().isEmpty());
                }
            }
        }
    }

    private void steady(String scenario, int run, int rate, int seconds, IntConsumer call) throws InterruptedException {
        int n = rate * seconds;
        String s = rate + "/s " + scenario;
        progress("ecs-api run %d: %s, %d/s for %d s", run, scenario, rate, seconds);
        AtomicInteger errors = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < n; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            senders.execute(() -> {
                long sent = System.nanoTime();
                try {
                    call.accept(index);
                    results.add(s, "answer-ms", index, (System.nanoTime() - sent) / 1e6, "ms");
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        double achieved = (n - errors.get()) / ((System.nanoTime() - start) / 1e9);
        results.add(s, "achieved-rate", run, achieved, "calls/s");
        results.add(s, "errors", run, errors.get(), "calls");
        progress("ecs-api run %d: %s at %d/s: %.1f calls/s, %d errors, answer p50 %.1f ms p99 %.1f ms", run, scenario,
                rate, achieved, errors.get(), results.stats(s, "answer-ms").p50(), results.stats(s, "answer-ms").p99());
    }
}
