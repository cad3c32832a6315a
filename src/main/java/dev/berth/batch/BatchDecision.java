package dev.berth.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.events.BerthEvent;

/** What to write (status, once), then do: create attempts, stop attempts, delete finished ones; when to look again. */
record BatchDecision(BatchJobStatus status, List<ChildLaunch> launches, List<ChildStop> stops, List<String> deletes,
        List<BerthEvent> events, Optional<Duration> recheckAfter) {
}
