package dev.berth.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

/** The Task controller's cache shared with another controller: lookups by index, forwarded events, start after sync. */
class SharedTaskEventSourceTest {

    private static final Duration SYNCED_ALREADY = Duration.ofMinutes(1);

    private final TestingTaskIndex primaryCache = new TestingTaskIndex();
    private final TaskCache cache = new TaskCache(Clock.systemUTC());
    private final List<ResourceID> woken = new ArrayList<>();

    @Test
    void findsTheTasksNamingAPrimaryWhateverWasRegisteredFirst() {
        SharedTaskEventSource<Cluster> before = source(); // a controller prepared before the Task controller
        cache.attach(primaryCache);
        cache.index("other", t -> t.getSpec().taskDefinition); // and one after it
        primaryCache.add(task("a", "prod", "RUNNING"), task("b", "prod", "PENDING"), task("c", "dev", "RUNNING"));

        assertThat(before.getSecondaryResources(cluster("prod"))).extracting(t -> t.getMetadata().getName())
                .containsExactlyInAnyOrder("a", "b");
        assertThat(before.getSecondaryResources(cluster("dev"))).extracting(t -> t.getMetadata().getName())
                .containsExactly("c");
        assertThat(before.getSecondaryResources(cluster("staging"))).isEmpty();
        assertThat(cache.naming("other", "ns", "web")).hasSize(3);
    }

    @Test
    void aSharedSourceStartsOnlyOnceTheTaskControllersInformerHasSynced() {
        cache.attach(primaryCache);
        SharedTaskEventSource<Cluster> source = new SharedTaskEventSource<>(cache, References.CLUSTER,
                References::cluster, TaskChanges::summaryChanged, Duration.ofMillis(20));
        assertThatThrownBy(source::start).isInstanceOf(OperatorException.class).hasMessageContaining("did not sync");
        assertThat(source.isRunning()).isFalse();

        cache.announcer().start();
        source.start();
        assertThat(source.isRunning()).isTrue();
    }

    @Test
    void wakesThePrimaryATaskNamesOnCreationDeletionAndRelevantUpdatesOnly() {
        cache.attach(primaryCache);
        SharedTaskEventSource<Cluster> source = source();
        TaskCache.Announcer announcer = cache.announcer();

        announcer.onResourceCreated(task("a", "prod", "PENDING"));
        assertThat(woken).as("nothing before the source has started").isEmpty();

        announcer.start();
        source.start();
        announcer.onResourceCreated(task("a", "prod", "PENDING"));
        assertThat(woken).containsExactly(new ResourceID("prod", "ns"));

        woken.clear();
        Task healthier = task("a", "prod", "PENDING");
        healthier.getStatus().healthStatus = "HEALTHY";
        announcer.onResourceUpdated(healthier, task("a", "prod", "PENDING"));
        assertThat(woken).as("an update the counts do not read").isEmpty();

        announcer.onResourceUpdated(task("a", "prod", "RUNNING"), task("a", "prod", "PENDING"));
        assertThat(woken).containsExactly(new ResourceID("prod", "ns"));

        woken.clear();
        announcer.onResourceUpdated(task("a", "dev", "RUNNING"), task("a", "prod", "RUNNING"));
        assertThat(woken).containsExactlyInAnyOrder(new ResourceID("dev", "ns"), new ResourceID("prod", "ns"));

        woken.clear();
        announcer.onResourceDeleted(task("a", "dev", "RUNNING"));
        assertThat(woken).containsExactly(new ResourceID("dev", "ns"));
    }

    @Test
    void alsoWakesThePrimariesTheControllerAsksForOnceEach() {
        cache.attach(primaryCache);
        SharedTaskEventSource<Cluster> source = new SharedTaskEventSource<>(cache, References.CLUSTER, References::cluster,
                TaskChanges::summaryChanged,
                t -> Stream.of(new ResourceID("waiting", "ns"), new ResourceID(t.getSpec().cluster, "ns")), SYNCED_ALREADY);
        source.setEventHandler((Event event) -> woken.add(event.getRelatedCustomResourceID()));
        cache.announcer().start();
        source.start();

        cache.announcer().onResourceUpdated(task("a", "prod", "STOPPED"), task("a", "prod", "RUNNING"));
        assertThat(woken).containsExactly(new ResourceID("prod", "ns"), new ResourceID("waiting", "ns"));
    }

    @Test
    void whatTheOperatorCreatedIsReadUntilTheInformerShowsIt() {
        cache.attach(primaryCache);
        cache.index(References.SERVICE, References::service);
        Task created = owned(task("web-1", "prod", "PROVISIONING"), "web", "5");

        cache.created(created);
        assertThat(cache.naming(References.SERVICE, "ns", "web")).containsExactly(created);
        assertThat(cache.naming(References.SERVICE, "ns", "api")).isEmpty();
        assertThat(cache.naming(References.SERVICE, "other", "web")).isEmpty();

        Task listed = owned(task("web-1", "prod", "PENDING"), "web", "6");
        primaryCache.add(listed);
        cache.announcer().onResourceCreated(listed);
        assertThat(cache.naming(References.SERVICE, "ns", "web")).as("the informer's copy, once shown")
                .containsExactly(listed);
    }

    @Test
    void aChangeShowsOverTheInformersOlderCopyButNeverBringsADeletedTaskBack() {
        cache.attach(primaryCache);
        cache.index(References.SERVICE, References::service);
        Task running = owned(task("web-1", "prod", "RUNNING"), "web", "10");
        primaryCache.add(running);
        Task stopping = owned(task("web-1", "prod", "RUNNING"), "web", "11");
        stopping.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;

        cache.updated(stopping);
        assertThat(cache.naming(References.SERVICE, "ns", "web")).containsExactly(stopping);

        cache.announcer().onResourceUpdated(owned(task("web-1", "prod", "RUNNING"), "web", "10"), running);
        assertThat(cache.naming(References.SERVICE, "ns", "web")).as("an older version shown: still the write")
                .containsExactly(stopping);

        primaryCache.remove(running);
        assertThat(cache.naming(References.SERVICE, "ns", "web")).as("gone from the informer: gone").isEmpty();
    }

    @Test
    void aTaskTheInformerShowsWhileItIsReadIsNeverMissed() {
        // the informer shows the created Task just after the index was read: read before the writes, it was in neither
        // (BatchJobIT saw one batch attempt more than the queue's budget once)
        Task created = owned(task("web-1", "prod", "PROVISIONING"), "web", "5");
        TestingTaskIndex showsItRightAfterAnIndexRead = new TestingTaskIndex() {
            @Override
            public List<Task> byIndex(String indexName, String indexKey) {
                List<Task> before = super.byIndex(indexName, indexKey);
                if (get(ResourceID.fromResource(created)).isEmpty()) {
                    add(created);
                    cache.announcer().onResourceCreated(created);
                }
                return before;
            }
        };
        cache.attach(showsItRightAfterAnIndexRead);
        cache.index(References.SERVICE, References::service);

        cache.created(created);
        assertThat(cache.naming(References.SERVICE, "ns", "web")).containsExactly(created);
        assertThat(cache.naming(References.SERVICE, "ns", "web")).as("then from the informer").containsExactly(created);
    }

    @Test
    void aWriteNeverHidesANewerCopyTheInformerHolds() {
        cache.attach(primaryCache);
        cache.index(References.SERVICE, References::service);
        Task stopping = owned(task("web-1", "prod", "RUNNING"), "web", "11");
        stopping.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
        cache.updated(stopping);
        Task stopped = owned(task("web-1", "prod", "STOPPED"), "web", "12");
        primaryCache.add(stopped);

        assertThat(cache.naming(References.SERVICE, "ns", "web")).as("the informer's newer copy, before its event")
                .containsExactly(stopped);
    }

    @Test
    void aWriteTheInformerNeverShowsIsForgottenAfterAWhile() {
        MutableClock clock = new MutableClock();
        TaskCache timed = new TaskCache(clock);
        timed.attach(primaryCache);
        timed.index(References.SERVICE, References::service);
        timed.created(owned(task("web-1", "prod", "PROVISIONING"), "web", "5"));

        clock.advance(RecentWrites.FORGET_AFTER);
        assertThat(timed.naming(References.SERVICE, "ns", "web")).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(timed.naming(References.SERVICE, "ns", "web")).isEmpty();
    }

    @Test
    void resourceVersionsCompareAsTheNumbersTheAPIServerGives() {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        for (int i = 0; i < 1000; i++) {
            long shown = random.nextInt(1_000_000) + 1L;
            long written = random.nextBoolean() ? shown : random.nextInt(1_000_000) + 1L;
            assertThat(RecentWrites.atLeast(owned(task("t", "c", "RUNNING"), "web", Long.toString(shown)),
                    owned(task("t", "c", "RUNNING"), "web", Long.toString(written))))
                    .as("seed %d: shown %d, written %d", seed, shown, written).isEqualTo(shown >= written);
        }
    }

    private static Task owned(Task task, String service, String resourceVersion) {
        task.getMetadata().setResourceVersion(resourceVersion);
        task.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION)
                .withKind("Service").withName(service).withUid("uid-" + service).withController(true).build()));
        return task;
    }

    /** A clock moved by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private SharedTaskEventSource<Cluster> source() {
        SharedTaskEventSource<Cluster> source = new SharedTaskEventSource<>(cache, References.CLUSTER,
                References::cluster, TaskChanges::summaryChanged, SYNCED_ALREADY);
        source.setEventHandler((Event event) -> woken.add(event.getRelatedCustomResourceID()));
        return source;
    }

    private static Cluster cluster(String name) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        return cluster;
    }

    private static Task task(String name, String cluster, String lastStatus) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        TaskSpec spec = new TaskSpec();
        spec.cluster = cluster;
        spec.taskDefinition = "web";
        task.setSpec(spec);
        TaskStatus status = new TaskStatus();
        status.lastStatus = LastStatus.valueOf(lastStatus);
        task.setStatus(status);
        return task;
    }

    /** An informer cache in memory: index lookups by scanning with the registered index functions. */
    static class TestingTaskIndex implements IndexerResourceCache<Task> {

        private final Map<ResourceID, Task> tasks = new LinkedHashMap<>();
        private final Map<String, Function<Task, List<String>>> indexers = new LinkedHashMap<>();

        void add(Task... added) {
            for (Task task : added) {
                tasks.put(ResourceID.fromResource(task), task);
            }
        }

        void remove(Task task) {
            tasks.remove(ResourceID.fromResource(task));
        }

        @Override
        public void addIndexers(Map<String, Function<Task, List<String>>> added) {
            added.keySet()
                    .forEach(name -> assertThat(indexers).as("indexer registered twice: " + name).doesNotContainKey(name));
            indexers.putAll(added);
        }

        @Override
        public List<Task> byIndex(String indexName, String indexKey) {
            return tasks.values().stream().filter(t -> indexers.get(indexName).apply(t).contains(indexKey)).toList();
        }

        @Override
        public Stream<Task> list(String namespace, Predicate<Task> predicate) {
            return list(predicate).filter(t -> namespace.equals(t.getMetadata().getNamespace()));
        }

        @Override
        public Optional<Task> get(ResourceID id) {
            return Optional.ofNullable(tasks.get(id));
        }

        @Override
        public Stream<ResourceID> keys() {
            return tasks.keySet().stream();
        }

        @Override
        public Stream<Task> list(Predicate<Task> predicate) {
            return tasks.values().stream().filter(predicate);
        }
    }
}
