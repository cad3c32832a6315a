package dev.berth.config;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this operator process leads (always, without leader election). Work that JOSDK does not schedule itself,
 * the autoscaler's timer, asks it, so only the leader writes.
 */
@ApplicationScoped
public class Leadership {

    private final AtomicBoolean leading;

    public Leadership(BerthConfig config) {
        this.leading = new AtomicBoolean(!config.leaderElection().enabled());
    }

    public boolean leading() {
        return leading.get();
    }

    void started() {
        leading.set(true);
    }

    void stopped() {
        leading.set(false);
    }
}
