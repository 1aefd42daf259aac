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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] sealed = created.aead().encrypt("data key".getBytes(StandardCharsets.UTF_8), new byte[0]);
        MasterKey loaded = KeysetMasterKey.loadOrCreate(file, false);
        assertThat(new String(loaded.aead().decrypt(sealed, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("data key");
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
}
