package dev.berth.translate;

import java.util.List;

import dev.berth.api.v1alpha1.ContainerDefinition.HealthCheck;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * ECS container health checks as Kubernetes exec probes.
 *
 * <p>
 * The health check becomes a readiness probe: it reports health without restarting anything,
 * which is what ECS does for a standalone task (it never restarts an unhealthy container), so
 * there is no liveness probe. {@code startPeriod} is not an initial delay: ECS runs checks during
 * the start period and a success there already counts, so the probe starts at once and the task
 * status calculator treats failures inside the start period as UNKNOWN rather than UNHEALTHY.
 */
final class HealthProbes {

    static final int DEFAULT_INTERVAL_SECONDS = 30;
    static final int DEFAULT_TIMEOUT_SECONDS = 5;
    static final int DEFAULT_RETRIES = 3;

    private static final String EXEC_FORM = "CMD";
    private static final String SHELL_FORM = "CMD-SHELL";

    private HealthProbes() {
    }

    static Probe readiness(HealthCheck check, boolean windows) {
        return base(check, windows).withFailureThreshold(retries(check)).build();
    }

    /**
     * The probe that holds back the containers after a HEALTHY dependency. It may fail for the
     * whole start period plus the retries ECS allows before calling the container UNHEALTHY.
     */
    static Probe startup(HealthCheck check, boolean windows) {
        int startPeriod = check.startPeriod == null ? 0 : check.startPeriod;
        int interval = interval(check);
        int startPeriodChecks = (startPeriod + interval - 1) / interval;
        return base(check, windows).withFailureThreshold(startPeriodChecks + retries(check)).build();
    }

    private static ProbeBuilder base(HealthCheck check, boolean windows) {
        return new ProbeBuilder()
                .withNewExec().withCommand(command(check.command, windows)).endExec()
                .withInitialDelaySeconds(0)
                .withPeriodSeconds(interval(check))
                .withTimeoutSeconds(check.timeout == null ? DEFAULT_TIMEOUT_SECONDS : check.timeout)
                .withSuccessThreshold(1);
    }

    /**
     * {@code ["CMD", exe, args...]} runs {@code exe args...}; {@code ["CMD-SHELL", script]} runs the
     * script with the image's shell, as Docker does ({@code /bin/sh -c}, {@code cmd /S /C} on
     * Windows). More than one shell element is joined with spaces, as the Docker CLI would.
     *
     * <p>
     * RegisterTaskDefinition accepts a list without either prefix, and public samples use it
     * ({@code ["/healthcheck"]}, {@code ["powershell", "-c", "..."]}): Berth runs such a list as the
     * exec form, as if {@code CMD} came first, which is what its authors mean (docs/task-definitions.md).
     */
    static List<String> command(List<String> healthCommand, boolean windows) {
        if (healthCommand == null || healthCommand.isEmpty()) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION, "healthCheck.command is empty");
        }
        List<String> rest = healthCommand.subList(1, healthCommand.size());
        if (rest.isEmpty() && (EXEC_FORM.equals(healthCommand.get(0)) || SHELL_FORM.equals(healthCommand.get(0)))) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "healthCheck.command needs the command after " + healthCommand.get(0));
        }
        return switch (healthCommand.get(0)) {
            case EXEC_FORM -> List.copyOf(rest);
            case SHELL_FORM -> windows
                    ? List.of("cmd", "/S", "/C", String.join(" ", rest))
                    : List.of("/bin/sh", "-c", String.join(" ", rest));
            default -> List.copyOf(healthCommand);
        };
    }

    private static int interval(HealthCheck check) {
        return check.interval == null ? DEFAULT_INTERVAL_SECONDS : check.interval;
    }

    private static int retries(HealthCheck check) {
        return check.retries == null ? DEFAULT_RETRIES : check.retries;
    }
}
