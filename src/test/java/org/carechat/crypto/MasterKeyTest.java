package org.carechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    static {
        TinkSetup.ensureRegistered();
    }

    @TempDir
    Path dir;

    @Test
    void aNewKeyIsCreatedOwnerOnlyAndTheSameKeyIsLoadedAgain() throws Exception {
        Path file = dir.resolve("master-key.json");
        MasterKey created = KeysetMasterKey.loadOrCreate(file, true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        byte[] sealed = created.aead().encrypt("data key".getBytes(StandardCharsets.UTF_8), new byte[0]);
        MasterKey loaded = KeysetMasterKey.loadOrCreate(file, false);
        assertThat(new String(loaded.aead().decrypt(sealed, new byte[0]), StandardCharsets.UTF_8))
                .isEqualTo("data key");
    }

    @Test
    void aMissingKeyOverExistingDataStopsTheServerWithAnExplanationInsteadOfMakingANewOne() {
        Path file = dir.resolve("master-key.json");
        assertThatThrownBy(() -> KeysetMasterKey.loadOrCreate(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is missing, but the database holds data encrypted under a master key")
                .hasMessageContaining("will not start with a new key over existing data");
        assertThat(file).doesNotExist();
    }

    @Test
    void aCorruptKeyFileStopsTheServerWithAnExplanation() throws Exception {
        Path file = dir.resolve("master-key.json");
        Files.writeString(file, "{\"primaryKeyId\": 1, \"key\": [garbage");
        assertThatThrownBy(() -> KeysetMasterKey.loadOrCreate(file, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read as a CareChat master key");
    }

    @Test
    void aKeysetGivenInTheEnvironmentOpensWhatItSealedAndCannotBeRotatedHere() throws Exception {
        String keyset = com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
                com.google.crypto.tink.KeysetHandle.generateNew(
                        com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM,
                        com.google.crypto.tink.RegistryConfiguration.get()),
                com.google.crypto.tink.InsecureSecretKeyAccess.get());
        MasterKey key = KeysetMasterKey.fromText(keyset);
        byte[] sealed = key.aead().encrypt("data key".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(KeysetMasterKey.fromText(keyset).aead().decrypt(sealed, new byte[0]))
                .isEqualTo("data key".getBytes(StandardCharsets.UTF_8));
        assertThat(key.canAddPrimaryKey()).isFalse();
        assertThat(key.describe()).contains("environment").doesNotContain(keyset);
        assertThatThrownBy(() -> KeysetMasterKey.fromText("not a keyset")).hasMessageContaining("CARECHAT_MASTER_KEY");
    }

    @Test
    void aKmsKeyIsReachedThroughTheTinkKmsClientRegisteredForItsUri() throws Exception {
        com.google.crypto.tink.Aead inKms = com.google.crypto.tink.KeysetHandle.generateNew(
                        com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM,
                        com.google.crypto.tink.RegistryConfiguration.get())
                .getPrimitive(com.google.crypto.tink.RegistryConfiguration.get(), com.google.crypto.tink.Aead.class);
        com.google.crypto.tink.KmsClients.add(new com.google.crypto.tink.KmsClient() {
            @Override
            public boolean doesSupport(String uri) {
                return uri.startsWith("test-kms://");
            }

            @Override
            public com.google.crypto.tink.KmsClient withCredentials(String path) {
                return this;
            }

            @Override
            public com.google.crypto.tink.KmsClient withDefaultCredentials() {
                return this;
            }

            @Override
            public com.google.crypto.tink.Aead getAead(String uri) {
                return inKms;
            }
        });
        MasterKey key = KmsMasterKey.connect("test-kms://keys/carechat");
        byte[] sealed = key.aead().encrypt("data key".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(inKms.decrypt(sealed, new byte[0])).isEqualTo("data key".getBytes(StandardCharsets.UTF_8));
        assertThat(key.describe()).isEqualTo("KMS key test-kms://keys/carechat");
        assertThatThrownBy(() -> KmsMasterKey.connect("other-kms://keys/x"))
                .hasMessageContaining("No KMS client can reach the master key other-kms://keys/x");
    }

    @Test
    void aKeyFileRotatedByAnotherProcessIsReloadedWhenAKeyWrappedUnderItsNewPrimaryArrives() throws Exception {
        Path file = dir.resolve("master-key.json");
        KeysetMasterKey server = KeysetMasterKey.loadOrCreate(file, true);
        KeysetMasterKey command = KeysetMasterKey.loadOrCreate(file, false);
        command.addPrimaryKey();
        byte[] sealedUnderNewPrimary = command.aead().encrypt("data key".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(server.aead().decrypt(sealedUnderNewPrimary, new byte[0]))
                .isEqualTo("data key".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyFileOthersCanReadIsWarnedAboutAtStartAndAnOwnerOnlyOneIsNot() throws Exception {
        Path file = dir.resolve("readable-key.json");
        KeysetMasterKey.loadOrCreate(file, true);
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(KeysetMasterKey.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            KeysetMasterKey.loadOrCreate(file, false);
            assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains("chmod 600"));
            java.nio.file.Files.setPosixFilePermissions(
                    file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            KeysetMasterKey.loadOrCreate(file, false);
            assertThat(appender.list)
                    .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .contains("can be read by other users", "rw-r--r--", "chmod 600"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
