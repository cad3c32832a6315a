package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the control plane under a running operator: kube-apiserver SIGKILLed and restarted mid-burst, etcd
 * SIGSTOPped for 15 s mid-rollout, and etcd's history compacted then kube-apiserver restarted, so that the
 * operator's informers resume from a resourceVersion the new API server no longer serves (410 Gone) and must relist.
 * After each, {@link ControlPlaneFaults#supervise()} restarts what died, as a node's supervisor would. The operator
 * must converge without a restart: the same process before and after, nothing lost, nothing duplicated.
 */
class ControlPlaneChaosIT extends ChaosScenarios {

    private static final Chaos REPORT = new Chaos("control-plane", "Control-plane faults under a running operator");

    private static final String START_TIMEOUT = "BERTH_TASK_START_TIMEOUT";
    private static String tierStartTimeout;

    /**
     * The faults run with the start timeout the operator ships (180 s): the tier's 15 s is shorter than an outage and
     * the control plane's recovery after it (kube-scheduler's lease, the kubelets' status backlog), so with it tasks
     * would fail to start by design. With the shipped one none may.
     */
    @BeforeAll
    static void shippedStartTimeout() {
        tierStartTimeout = restartWithStartTimeout(null);
    }

    @AfterAll
    static void report() {
        REPORT.write();
        restartWithStartTimeout(tierStartTimeout);
    }

    /** Restarts the operator with the start timeout {@code value} (its own default when null); returns the one it had. */
    private static String restartWithStartTimeout(String value) {
        OperatorProcess operator = LocalControlPlane.get().operator;
        Map<String, String> environment = new HashMap<>(operator.environment());
        String before = value == null ? environment.remove(START_TIMEOUT) : environment.put(START_TIMEOUT, value);
        operator.killIfRunning();
        operator.environment(environment);
        operator.start();
        return before;
    }

    @Test
    void apiServerKilledMidBurst() {
        assumeTrue(Chaos.API_SERVER_RESTARTS,
                "kube-apiserver restarts run in make chaos (-Dberth.chaos.api-server-restarts=true)");
        Random random = Chaos.random("apiserver-kill-burst");
        String scenario = "kube-apiserver SIGKILL + restart, burst of " + Chaos.BURST + " tasks";
        long operator = plane.operator.pid();
        REPORT.repeat(scenario, () -> burst(Chaos.BURST, random, () -> {
            ControlPlaneFaults.kill("kube-apiserver");
            ControlPlaneFaults.supervise();
            return 1;
        }));
        REPORT.assertNoneFailedToStart(scenario);
        assertThat(plane.operator.pid()).as("the operator process survived without a restart").isEqualTo(operator);
    }

    @Test
    void etcdStoppedFor15sMidRollout() {
        Random random = Chaos.random("etcd-stop-rollout");
        String scenario = "etcd SIGSTOP 15 s, rollout of " + Chaos.SERVICE_TASKS + " tasks";
        long operator = plane.operator.pid();
        REPORT.repeat(scenario, () -> rollout(Chaos.SERVICE_TASKS, random, () -> {
            ControlPlaneFaults.signal("etcd", "STOP");
            try {
                Chaos.sleep(15_000);
            } finally {
                ControlPlaneFaults.signal("etcd", "CONT");
            }
            ControlPlaneFaults.supervise();
            return 1;
        }));
        REPORT.assertNoneFailedToStart(scenario);
        assertThat(plane.operator.pid()).as("the operator process survived without a restart").isEqualTo(operator);
    }

    @Test
    void watchHistoryCompactedUnderTheInformers() {
        assumeTrue(Chaos.API_SERVER_RESTARTS,
                "kube-apiserver restarts run in make chaos (-Dberth.chaos.api-server-restarts=true)");
        Random random = Chaos.random("etcd-compaction-burst");
        String scenario = "etcd compaction + kube-apiserver restart (410 Gone → relist), burst of " + Chaos.BURST
                + " tasks";
        long operator = plane.operator.pid();
        REPORT.repeat(scenario, () -> burst(Chaos.BURST, random, () -> {
            long revision = ControlPlaneFaults.compactEtcd();
            ControlPlaneFaults.kill("kube-apiserver");
            ControlPlaneFaults.supervise();
            Chaos.progress("etcd compacted at revision %d, kube-apiserver restarted", revision);
            return 1;
        }));
        REPORT.assertNoneFailedToStart(scenario);
        assertThat(plane.operator.pid()).as("the operator process survived without a restart").isEqualTo(operator);
    }
}
