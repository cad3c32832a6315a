package dev.berth.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

/** The Task controller's cache shared with another controller: lookups by index, forwarded events, start after sync. */
class SharedTaskEventSourceTest {

    private static final Duration SYNCED_ALREADY = Duration.ofMinutes(1);

    private final TestingTaskIndex primaryCache = new TestingTaskIndex();
    private final TaskCache cache = new TaskCache();
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
