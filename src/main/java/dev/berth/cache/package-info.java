/**
 * The operator's one Task cache: the Task controller's primary cache, shared read-only with every other controller
 * that reads Tasks ({@link dev.berth.cache.TaskCache}, {@link dev.berth.cache.SharedTaskEventSource}, woken only by
 * the changes they read, e.g. {@link dev.berth.cache.TaskChanges}), with what the operator has just written shown at
 * once ({@link dev.berth.cache.RecentWrites}). Informer stores that keep less per object: without managed fields
 * ({@link dev.berth.cache.LeanItemStore}), the reduced Pods of the Task controller ({@link dev.berth.cache.TaskPods});
 * and the indexes by which a revision, a Cluster or an owner finds the Tasks and Services naming it
 * ({@link dev.berth.cache.References}). Where each informer is and why: docs/architecture.md; measured in
 * docs/benchmarks.md.
 */
package dev.berth.cache;
