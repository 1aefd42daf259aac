package org.carechat.cluster;

/**
 * Carries rings between the nodes of a cluster (docs/operations.md §Cluster). {@link Doorbell} hands it every ring;
 * it hands back, through {@link Doorbell#deliverFromCluster}, the rings of the other nodes and a request to re-sync
 * when rings may have been missed. The in-process default has nothing to carry.
 */
interface ClusterBell {

    /**
     * Publishes {@code ring} to the other nodes. Called inside the transaction whose commit the ring announces (then
     * it travels only if that commits), or outside any transaction for ephemeral rings.
     */
    void publish(Ring ring);

    /** The bell of a single node: nothing to carry. */
    ClusterBell SINGLE_NODE = ring -> {};
}
