/**
 * The operator's one Task cache: the Task controller's primary cache, shared read-only with the controllers that
 * count or sum Tasks ({@link dev.berth.cache.TaskCache}, {@link dev.berth.cache.SharedTaskEventSource}, woken only by
 * the changes they read: {@link dev.berth.cache.TaskChanges}). Informer stores that keep less per object: without
 * managed fields ({@link dev.berth.cache.LeanItemStore}), the reduced Pods of the Task controller
 * ({@link dev.berth.cache.TaskPods}); and the indexes by which a revision or a Cluster finds the Tasks and Services
 * naming it ({@link dev.berth.cache.References}). Where each informer is and why:
 * docs/architecture.md; measured in docs/benchmarks.md.
 */
package dev.berth.cache;
