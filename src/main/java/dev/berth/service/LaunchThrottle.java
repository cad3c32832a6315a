package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * ECS throttling of tasks that keep failing to start (6.4): after consecutive failures before RUNNING the next launch
 * waits 0 s, then 10 s, 20 s, 40 s ... up to 15 minutes after the last failure. Tasks that reached RUNNING and then
 * exited do not count, and one that reached RUNNING ends the streak.
 */
record LaunchThrottle(int consecutiveFailures, Instant streakStartedAt, Instant launchAllowedAt) {

    static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    static final Duration MAXIMUM_DELAY = Duration.ofMinutes(15);

    static LaunchThrottle of(List<ServiceTask> deploymentTasks) {
        Instant lastStart = deploymentTasks.stream().map(ServiceTask::startedAt).filter(t -> t != null)
                .max(Comparator.naturalOrder()).orElse(Instant.MIN);
        List<Instant> failures = deploymentTasks.stream().filter(ServiceTask::failedToStart)
                .map(ServiceTask::stoppedAt).filter(t -> t != null && t.isAfter(lastStart)).sorted().toList();
        if (failures.isEmpty()) {
            return new LaunchThrottle(0, null, null);
        }
        Instant last = failures.get(failures.size() - 1);
        return new LaunchThrottle(failures.size(), failures.get(0), last.plus(delay(failures.size())));
    }

    /** The wait after {@code failures} consecutive failures: none after the first, then doubling from 10 s. */
    static Duration delay(int failures) {
        if (failures <= 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 2, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAXIMUM_DELAY) > 0 ? MAXIMUM_DELAY : delay;
    }

    boolean throttles(Instant now) {
        return launchAllowedAt != null && now.isBefore(launchAllowedAt);
    }

    Optional<Duration> remaining(Instant now) {
        return throttles(now) ? Optional.of(Duration.between(now, launchAllowedAt)) : Optional.empty();
    }
}
