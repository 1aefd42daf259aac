package org.carechat.attachment;

import java.time.Clock;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Picks the blob store from {@code carechat.attachments.store}, and runs the sweeper of abandoned uploads. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class BlobStoreConfig {

    @Bean
    BlobStore blobStore(CareChatProperties properties, JdbcClient jdbc, Transactions transactions, Clock clock) {
        String store = properties.attachments().store();
        boolean cluster = properties.cluster().enabled();
        return switch (store) {
            case "database" -> new DatabaseBlobStore(jdbc, transactions, clock);
            case "directory" -> {
                if (cluster) {
                    throw new IllegalStateException("carechat.attachments.store=directory cannot serve a cluster: "
                            + "the other nodes cannot reach this node's folder; use database");
                }
                yield new DirectoryBlobStore(properties.resolvedAttachmentDirectory());
            }
            case "auto" ->
                cluster
                        ? new DatabaseBlobStore(jdbc, transactions, clock)
                        : new DirectoryBlobStore(properties.resolvedAttachmentDirectory());
            default ->
                throw new IllegalStateException(
                        "carechat.attachments.store must be auto, directory or " + "database, not '" + store + "'");
        };
    }
}
