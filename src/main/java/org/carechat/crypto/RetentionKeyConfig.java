package org.carechat.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import org.carechat.system.CareChatProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the retention key file ({@code carechat.retention-key-file}, by default {@code retention-keys.json} beside the
 * master key file). A missing file while the database names retention keys stops the start, as a missing master key
 * does: starting without it would make every conversation under those keys unreadable.
 */
@Configuration(proxyBeanMethods = false)
class RetentionKeyConfig {

    @Bean
    @DependsOnDatabaseInitialization
    RetentionKeyFile retentionKeyFile(
            MasterKey masterKey,
            WrappedKeys keys,
            CareChatProperties properties,
            @Value("${carechat.retention-key-file:}") String configured) {
        Path file = configured.isBlank()
                ? properties.resolvedMasterKeyFile().resolveSibling("retention-keys.json")
                : Path.of(configured);
        if (!Files.exists(file) && keys.anyUnderRetentionKeys()) {
            throw new IllegalStateException("The retention key file " + file.toAbsolutePath()
                    + " is missing, but the database has conversations whose keys are wrapped under it. Restore it "
                    + "from your backup (or set carechat.retention-key-file); CareChat will not start without it.");
        }
        return RetentionKeyFile.open(file, masterKey);
    }
}
