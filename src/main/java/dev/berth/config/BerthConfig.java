package dev.berth.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator's configuration (application.properties, or BERTH_* environment variables). */
@ConfigMapping(prefix = "berth")
public interface BerthConfig {

    TaskSettings task();

    ServiceSettings service();

    EventSettings events();

    interface EventSettings {
        /**
         * Whether Events are written by a small pool of background writers (true) or inside the reconcile that decided
         * them (false: one API round trip more on every state change's critical path, e.g. before a task's Pod is
         * created). Their timestamps are taken when decided either way.
         */
        @WithDefault("true")
        boolean async();

        /** Events waiting to be written beyond which new ones are dropped (best effort, as Kubernetes' own recorder). */
        @WithDefault("10000")
        int queue();
    }

    interface ServiceSettings {
        /**
         * How long a task without health checks must have been RUNNING to count as healthy for a deployment's
         * minimumHealthyPercent (ECS: 40 s).
         */
        @WithDefault("40s")
        Duration healthyAfterRunning();
    }

    interface TaskSettings {
        /**
         * How long a task may take to reach RUNNING (resolving its task definition, cluster and secrets,
         * pulling images, being scheduled) before it is STOPPED with stopCode TaskFailedToStart.
         */
        @WithDefault("180s")
        Duration startTimeout();
    }
}
