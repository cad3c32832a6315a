package dev.berth.cache;

import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that drops {@code metadata.managedFields} before keeping an object: server-side apply
 * bookkeeping the operator never reads, often a third of a small object's size. A status update sent from a cached
 * object without them leaves the server's copy untouched (the API server keeps the existing managed fields when a
 * request omits them). Stores that keep less ({@link TaskPods}) pass their own reduction.
 */
public class LeanItemStore<R extends HasMetadata> extends BasicItemStore<R> {

    private final UnaryOperator<R> reduction;

    public LeanItemStore() {
        this(LeanItemStore::lean);
    }

    protected LeanItemStore(UnaryOperator<R> reduction) {
        super(Cache::metaNamespaceKeyFunc);
        this.reduction = reduction;
    }

    @Override
    public R put(String key, R object) {
        return super.put(key, reduction.apply(object));
    }

    static <R extends HasMetadata> R lean(R object) {
        if (object != null && object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return object;
    }
}
