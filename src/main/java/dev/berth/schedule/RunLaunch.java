package dev.berth.schedule;

import java.time.Instant;

/** A Task to create for the run of {@code fireTime}; creating it twice is refused by the API server (same name). */
public record RunLaunch(String taskName, Instant fireTime, int index, int attempt) {
}
