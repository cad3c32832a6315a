package dev.berth.config;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;

/**
 * Leader election for JOSDK (which Quarkus Operator SDK looks up as a bean in the prod profile): null, that is
 * off, unless {@code berth.leader-election.enabled}. {@link Leadership} follows the lease for the autoscaler;
 * {@link LeaseFence} keeps a replica that lost it from writing.
 */
public class LeaderElectionProducer {

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(BerthConfig config, Leadership leadership) {
        BerthConfig.LeaderElectionSettings settings = config.leaderElection();
        if (!settings.enabled()) {
            return null;
        }
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                .withLeaseNamespace(settings.leaseNamespace().orElse(null))
                .withIdentity(settings.identity().orElse(null))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                // JOSDK's default, said out loud: a replica that stops leading exits (System.exit(1)) and restarts as
                // a follower; until it has, the LeaseFence refuses its writes (docs/reliability.md)
                .withExitOnStopLeading(true)
                .withLeaderCallbacks(new LeaderCallbacks(leadership::started, leadership::stopped, identity -> {
                }))
                .build();
    }
}
