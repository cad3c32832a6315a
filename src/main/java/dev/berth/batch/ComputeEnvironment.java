package dev.berth.batch;

/** A compute environment: a Cluster's capacity provider, the unit a vCPU budget applies to. */
record ComputeEnvironment(String cluster, String capacityProvider) {

    /** AWS_BATCH_CE_NAME: how the compute environment is named to the attempts that run in it. */
    String displayName() {
        return cluster + "/" + capacityProvider;
    }
}
