/**
 * Informer stores that keep less per object: without managed fields ({@link dev.berth.cache.LeanItemStore}), the
 * reduced Pods of the Task controller ({@link dev.berth.cache.TaskPods}), Task summaries for the controllers that only
 * count Tasks ({@link dev.berth.cache.TaskSummaries}); and the indexes by which a revision or a Cluster finds the
 * Tasks and Services naming it ({@link dev.berth.cache.References}). Where each informer is and why:
 * docs/architecture.md; measured in docs/benchmarks.md.
 */
package dev.berth.cache;
