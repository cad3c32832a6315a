package dev.berth.config;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;

/**
 * Leader election for JOSDK (which Quarkus Operator SDK looks up as a bean in the prod profile): null, that is
 * off, unless {@code berth.leader-election.enabled}.
 */
public class LeaderElectionProducer {

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(BerthConfig config) {
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
                .build();
    }
}
