package dev.berth.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator's configuration (application.properties, or BERTH_* environment variables). */
@ConfigMapping(prefix = "berth")
public interface BerthConfig {

    TaskSettings task();

    ServiceSettings service();

    BatchSettings batch();

    AutoscalingSettings autoscaling();

    interface AutoscalingSettings {
        /** Whether the autoscaler runs (Services with spec.autoScaling are evaluated every interval). */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often every autoscaled Service is evaluated: 5 s, so a usage change is acted on sooner than by the HPA
         * (15 s sync period) whatever the phase of the timers (docs/autoscaling.md).
         */
        @WithDefault("5s")
        Duration interval();

        /** Base URL of the Prometheus server of customizedMetricSpecification queries (e.g. http://prometheus:9090). */
        Optional<String> prometheusUrl();

        /** Timeout of one Prometheus query. */
        @WithDefault("5s")
        Duration prometheusTimeout();

        /** A task's metrics.k8s.io sample older than this is stale: it is not used (no scaling on stale data). */
        @WithDefault("2m")
        Duration maxMetricAge();
    }

    RightSizingSettings rightSizing();

    /**
     * Right-sizing of Services (docs/usage-and-cost.md): CPU and memory of their RUNNING tasks from metrics.k8s.io,
     * sampled by the Service controller's metrics timer (every autoscaling.interval it looks which Services are due),
     * kept in memory over a window, and a recommendation in status.rightSizing when a smaller Fargate size would fit.
     */
    interface RightSizingSettings {
        /** Whether Services are sampled and right-sizing recommendations made. */
        @WithDefault("true")
        boolean enabled();

        /** How far back the usage counts. Samples are kept in memory: a restart of the operator starts the window over. */
        @WithDefault("1h")
        Duration window();

        /** How often each Service's tasks are sampled (a task sample metrics-server has not renewed is not counted twice). */
        @WithDefault("30s")
        Duration sampleInterval();

        /** Headroom above the usage a recommended size keeps, as a fraction (0.2 = 20 %). */
        @WithDefault("0.2")
        BigDecimal headroom();

        /** Fewer task samples than this in the window: no recommendation. */
        @WithDefault("60")
        int minSamples();

        /**
         * Task samples kept per Service (a ring: the oldest go first when it is full, which shortens the window of a
         * Service with many tasks). 1024 samples take about 16 KB.
         */
        @WithDefault("1024")
        int maxSamples();
    }

    EcsApiSettings ecsApi();

    /** The ECS API endpoint (docs/ecs-api.md): awsJson1_1 with SigV4 on its own port. */
    interface EcsApiSettings {
        /** Whether the operator serves the ECS API (the Helm chart turns it on). */
        @WithDefault("false")
        boolean enabled();

        /** Port of the ECS API (plain HTTP, or HTTPS when tls-cert-file and tls-key-file are set). */
        @WithDefault("8081")
        int port();

        /** Address the ECS API listens on. */
        @WithDefault("0.0.0.0")
        String host();

        /**
         * sigv4 (default): every request must be signed with an access key of a Secret labelled
         * berth.dev/ecs-access-key. none: no authentication at all, every call acts in no-auth-namespace with the
         * operator's own rights; for a laptop only, and logged as a warning at start.
         */
        @WithDefault("sigv4")
        Auth auth();

        /** Namespace of the access-key Secrets; default: the namespace of the client (in a Pod, its own). */
        Optional<String> keysNamespace();

        /** The namespace calls act in when auth is none. */
        @WithDefault("default")
        String noAuthNamespace();

        /** How far X-Amz-Date may be from the operator's clock, into the past or the future (AWS: 5 to 15 min). */
        @WithDefault("15m")
        Duration signatureWindow();

        /** PEM certificate chain of the endpoint (HTTPS); with tls-key-file. */
        Optional<String> tlsCertFile();

        /** PEM private key of the endpoint (HTTPS); with tls-cert-file. */
        Optional<String> tlsKeyFile();

        enum Auth {
            sigv4,
            none
        }
    }

    LeaderElectionSettings leaderElection();

    /**
     * One active operator among several replicas (a Lease in coordination.k8s.io); the others wait, ready to take
     * over. The Helm chart turns it on; a single process run by hand does not need it.
     */
    interface LeaderElectionSettings {
        @WithDefault("false")
        boolean enabled();

        /** Name of the Lease. */
        @WithDefault("berth-operator")
        String leaseName();

        /** Namespace of the Lease; default: the namespace of the client (in a Pod, its own). */
        Optional<String> leaseNamespace();

        /** Holder identity; default: $HOSTNAME (in a Pod, its name), else a random id. */
        Optional<String> identity();

        /** How long a leader that stopped renewing keeps the lease before another replica takes over. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long a leader retries renewing before it gives up leading (and exits, to restart as a follower). */
        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }

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

        /**
         * Whether a Task tells every lifecycle state in an Event (Provisioning, Pending, Activating, Deactivating,
         * Stopping, Deprovisioning as well). Off: one Event on the way up (Running, or Stopped with why it failed to
         * start) and one when it stops (with the exits), plus warnings and reasons it waits; the status has every state.
         */
        @WithDefault("false")
        boolean everyTaskState();
    }

    interface ServiceSettings {
        /**
         * How long a task without health checks must have been RUNNING to count as healthy for a deployment's
         * minimumHealthyPercent (ECS: 40 s).
         */
        @WithDefault("40s")
        Duration healthyAfterRunning();
    }

    UsageSettings usage();

    /**
     * The price table tasks are costed at (docs/usage-and-cost.md). Defaults: AWS us-east-1 on-demand Fargate prices
     * in USD per hour. A change applies to tasks that stop afterwards; a stopped task's cost is final.
     */
    interface UsageSettings {
        /** Region the prices are those of, named in every task's usage. */
        @WithDefault("us-east-1")
        String region();

        /** Currency of every price (ISO 4217), named in every task's usage and in the cost metrics' labels. */
        @WithDefault("USD")
        String currency();

        @WithDefault("0.04048")
        BigDecimal x86VcpuHour();

        @WithDefault("0.004445")
        BigDecimal x86GbHour();

        @WithDefault("0.03238")
        BigDecimal armVcpuHour();

        @WithDefault("0.00356")
        BigDecimal armGbHour();

        @WithDefault("0.09148")
        BigDecimal windowsVcpuHour();

        @WithDefault("0.01005")
        BigDecimal windowsGbHour();

        /** Windows Server licence, per vCPU-hour, on top of the Windows vCPU price. */
        @WithDefault("0.046")
        BigDecimal windowsLicenseVcpuHour();

        /** Ephemeral storage above the 20 GB every task includes, per GB-hour. */
        @WithDefault("0.000111")
        BigDecimal ephemeralStorageGbHour();

        /**
         * FARGATE_SPOT (and spot capacity providers) are charged the platform's prices less this fraction. AWS: "up to
         * 70 % off", varying; set what your bills show.
         */
        @WithDefault("0.7")
        BigDecimal spotDiscount();

        /**
         * Prices of their own, by capacity provider name, for providers that stand for nodes you price yourself
         * (berth.usage.capacity-providers.NAME.vcpu-hour and .gb-hour). They replace the platform prices and the spot
         * discount for that provider's tasks.
         */
        Map<String, ProviderPrices> capacityProviders();

        interface ProviderPrices {
            BigDecimal vcpuHour();

            BigDecimal gbHour();

            Optional<BigDecimal> osLicenseVcpuHour();
        }
    }

    interface TaskSettings {
        /**
         * How long a task may take to reach RUNNING (resolving its task definition, cluster and secrets,
         * pulling images, being placed) before it is STOPPED with stopCode TaskFailedToStart; counted from the
         * scheduler's verdict on its Pod, never while the API server cannot be reached.
         */
        @WithDefault("180s")
        Duration startTimeout();

        /**
         * Whether registering a task definition whose taskRoleArn is an IAM role ARN creates the missing ServiceAccount
         * its tasks run as, annotated eks.amazonaws.com/role-arn for IAM Roles for Service Accounts (EKS). Off: the
         * ServiceAccount must exist (docs/task-definitions.md). An existing ServiceAccount is never changed.
         */
        @WithDefault("false")
        boolean createServiceAccounts();
    }

    interface BatchSettings {
        /**
         * How long a BatchJob child's Task (and Pod) is kept after it succeeded, once the job's status records its
         * index: then the operator deletes it, so its memory follows the running set, not the array size. A failed
         * attempt's Task is kept for its own TTL (1 h), for its logs.
         */
        @WithDefault("60s")
        Duration succeededChildTtl();
    }
}
