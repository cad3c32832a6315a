package dev.berth.usage;

import dev.berth.api.v1alpha1.Cluster;

/** A Cluster's usage ledger changed since the reconcile read it: the reconcile is retried from the new one. */
public class StaleLedgerException extends RuntimeException {

    public StaleLedgerException(Cluster cluster) {
        super("usage ledger of Cluster " + cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName()
                + " changed since it was read; recomputing");
    }
}
