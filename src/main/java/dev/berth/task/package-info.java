/**
 * The lifecycle of one ECS task run as one Pod, as a pure function: {@link dev.berth.task.TaskLifecycle#decide}
 * turns what the reconciler observed (the Task, its pinned task definition, its Pod, the time) into the
 * next ECS status, one action and the Events to emit. No client, no clock, no randomness.
 */
package dev.berth.task;
