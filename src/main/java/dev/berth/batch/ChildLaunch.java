package dev.berth.batch;

/** An attempt to start: Task {@code index}/{@code attempt} in {@code environment}. */
record ChildLaunch(int index, int attempt, ComputeEnvironment environment) {
}
