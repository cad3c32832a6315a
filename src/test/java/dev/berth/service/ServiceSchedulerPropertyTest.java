package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.berth.fuzz.SeededCases;

/**
 * {@link ServiceScheduler#decide} over random service histories (deployment bounds, circuit breaker, new revisions that
 * may never start, desired count changes, tasks that exit or turn unhealthy, time passing, deletion), applied as the
 * reconciler applies them ({@link TestingServices}): a decision that launches never takes the live tasks above
 * maximumPercent of desiredCount, and stops never take the healthy tasks below minimumHealthyPercent (or below what
 * was healthy, when fewer were).
 */
class ServiceSchedulerPropertyTest {

    @Test
    void launchesStayWithinMaximumPercentAndStopsKeepMinimumHealthyPercent() {
        int[] launched = new int[1];
        int[] stopped = new int[1];
        int cases = SeededCases.check("service scheduler over random histories", 300, random -> {
            int desired = random.nextInt(13);
            int maximum = 100 + random.nextInt(101);
            int minimum = random.nextInt(Math.min(100, maximum) + 1);
            TestingServices web = new TestingServices("web:1", desired).deployment(minimum, maximum);
            if (random.nextBoolean()) {
                web.circuitBreaker(random.nextBoolean());
            }
            web.healthCheck = random.nextInt(3) == 0;
            int revision = 1;
            List<String> history = new ArrayList<>();
            for (int step = 0; step < 30; step++) {
                switch (random.nextInt(10)) {
                    case 0 -> {
                        revision++;
                        web.target = "web:" + revision;
                        if (random.nextInt(3) == 0) {
                            web.failingRevisions.add(web.target);
                        }
                        web.generation++;
                        history.add("deploy " + web.target + (web.failingRevisions.contains(web.target) ? " (failing)" : ""));
                    }
                    case 1 -> {
                        web.spec.desiredCount = random.nextInt(13);
                        web.generation++;
                        history.add("desiredCount " + web.spec.desiredCount);
                    }
                    case 2 -> randomRunning(web, random).ifPresent(t -> {
                        web.exit(t.name());
                        history.add("exit " + t.name());
                    });
                    case 3 -> randomRunning(web, random).ifPresent(t -> {
                        String health = random.nextBoolean() ? "UNHEALTHY" : "HEALTHY";
                        web.health(t.name(), health);
                        history.add(health + " " + t.name());
                    });
                    case 4 -> {
                        if (random.nextInt(10) == 0) {
                            web.deleting = true;
                            history.add("delete");
                        }
                    }
                    default -> {
                        web.tick(TestingServices.TICK.multipliedBy(random.nextInt(3)));
                        history.add("tick");
                    }
                }
                DeploymentBounds bounds = DeploymentBounds.of(web.spec, web.deleting, 0);
                long healthyBefore = web.healthy();
                ServiceDecision plan = web.plan();
                launched[0] += plan.launches().size();
                stopped[0] += plan.stops().size();
                if (!plan.launches().isEmpty()) {
                    assertThat(web.live()).as("live tasks after launching %d (maximumPercent %d of %d) after %s",
                            plan.launches().size(), maximum, bounds.desired(), history).isLessThanOrEqualTo(bounds.upper());
                }
                assertThat(web.healthy()).as("healthy tasks after stopping %s (minimumHealthyPercent %d of %d) after %s",
                        plan.stops(), minimum, bounds.desired(), history)
                        .isGreaterThanOrEqualTo(Math.min(healthyBefore, bounds.lower()));
            }
        });
        if (cases >= 100) {
            assertThat(launched[0]).as("tasks launched over the run").isGreaterThan(cases);
            assertThat(stopped[0]).as("tasks stopped over the run").isGreaterThan(cases / 10);
        }
    }

    private static java.util.Optional<ServiceTask> randomRunning(TestingServices web, Random random) {
        List<ServiceTask> running = web.tasks.stream().filter(ServiceTask::running).filter(ServiceTask::live).toList();
        return running.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(running.get(random.nextInt(running.size())));
    }
}
