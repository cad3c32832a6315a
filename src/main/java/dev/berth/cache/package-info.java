/**
 * Informer stores that keep less per object: without managed fields, and Task summaries for the controllers that
 * only count Tasks. Measured in docs/benchmarks.md.
 */
package dev.berth.cache;
