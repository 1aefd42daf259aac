package org.carechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention keys that make crypto-shredding reach backups (issue #16): a conversation keyset wrapped under a day's
 * key opens until that key is destroyed, and never after — from any copy of the wrapped keyset, with the master key.
 */
class RetentionKeyFileTest {

    static {
        TinkSetup.ensureRegistered();
    }

    static final String DAY = "2027-03-14";
    static final String NEXT_DAY = "2027-03-15";
    static final byte[] AD = "c|1|m".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    MasterKey masterKey;
    Path file;

    @BeforeEach
    void setUp() {
        masterKey = KeysetMasterKey.loadOrCreate(dir.resolve("master-key.json"), true);
        file = dir.resolve("retention-keys.json");
    }

    static KeysetHandle conversationKeyset() throws Exception {
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
    }

    static byte[] encrypt(KeysetHandle keyset, String text) throws Exception {
        return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class)
                .encrypt(text.getBytes(StandardCharsets.UTF_8), AD);
    }

    static String decrypt(KeysetHandle keyset, byte[] ciphertext) throws Exception {
        return new String(
                keyset.getPrimitive(RegistryConfiguration.get(), Aead.class).decrypt(ciphertext, AD),
                StandardCharsets.UTF_8);
    }

    @Test
    void aKeysetWrappedUnderADayOpensUntilThatDaysKeyIsDestroyedAndNeverAfterFromACopyMadeBefore() throws Exception {
        RetentionKeyFile keys = RetentionKeyFile.open(file, masterKey);
        KeysetHandle purged = conversationKeyset();
        KeysetHandle kept = conversationKeyset();
        byte[] purgedText = encrypt(purged, "purged text");
        byte[] keptText = encrypt(kept, "kept text");
        // What a backup of the database taken now holds: the wrapped keysets and the ciphertexts.
        String backupOfPurged = keys.wrap(purged, "c-purged", DAY);
        String backupOfKept = keys.wrap(kept, "c-kept", NEXT_DAY);
        assertThat(decrypt(keys.unwrap(backupOfPurged, "c-purged", DAY), purgedText))
                .isEqualTo("purged text");

        assertThat(keys.destroy(DAY)).isTrue();

        RetentionKeyFile restored = RetentionKeyFile.open(file, KeysetMasterKey.loadOrCreate(masterKey(), false));
        assertThat(restored.buckets()).containsExactly(NEXT_DAY);
        assertThatThrownBy(() -> restored.unwrap(backupOfPurged, "c-purged", DAY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shredded");
        assertThatThrownBy(() -> keys.unwrap(backupOfPurged, "c-purged", DAY))
                .as("the process that destroyed it cannot open it either")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> restored.unwrap(backupOfPurged, "c-purged", NEXT_DAY))
                .as("nor under another day's key")
                .isInstanceOf(IllegalStateException.class);
        assertThat(decrypt(restored.unwrap(backupOfKept, "c-kept", NEXT_DAY), keptText))
                .isEqualTo("kept text");
        assertThat(keys.destroy(DAY)).isFalse();
    }

    @Test
    void aWrappedKeysetOpensOnlyForItsConversationAndDay() throws Exception {
        RetentionKeyFile keys = RetentionKeyFile.open(file, masterKey);
        String wrapped = keys.wrap(conversationKeyset(), "c-1", DAY);
        keys.wrap(conversationKeyset(), "c-2", NEXT_DAY);
        assertThatThrownBy(() -> keys.unwrap(wrapped, "c-2", DAY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.unwrap(wrapped, "c-1", NEXT_DAY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.unwrap(wrapped, "c-1", "../master-key"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileIsOwnerOnlyAndItsKeysOpenOnlyWithItsMasterKey() throws Exception {
        RetentionKeyFile keys = RetentionKeyFile.open(file, masterKey);
        String wrapped = keys.wrap(conversationKeyset(), "c-1", DAY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        MasterKey another = KeysetMasterKey.loadOrCreate(dir.resolve("another-master-key.json"), true);
        RetentionKeyFile withAnotherKey = RetentionKeyFile.open(file, another);
        assertThatThrownBy(() -> withAnotherKey.unwrap(wrapped, "c-1", DAY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open the retention key");
    }

    @Test
    void twoProcessesSharingTheFileSeeEachOthersKeysAndLoseNone() throws Exception {
        RetentionKeyFile first = RetentionKeyFile.open(file, masterKey);
        RetentionKeyFile second = RetentionKeyFile.open(file, masterKey);
        KeysetHandle keyset = conversationKeyset();
        String wrapped = first.wrap(keyset, "c-1", DAY);
        second.wrap(conversationKeyset(), "c-2", NEXT_DAY);
        assertThat(RetentionKeyFile.open(file, masterKey).buckets()).containsExactly(DAY, NEXT_DAY);
        assertThat(second.unwrap(wrapped, "c-1", DAY).getKeysetInfo().getPrimaryKeyId())
                .isEqualTo(keyset.getKeysetInfo().getPrimaryKeyId());
    }

    @Test
    void aFileThatIsNotARetentionKeyFileStopsWithAMessageForTheOperator() throws Exception {
        Files.writeString(file, "{\"format\":\"something else\",\"keys\":{}}");
        assertThatThrownBy(() -> RetentionKeyFile.open(file, masterKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a CareChat retention key file");
    }

    private Path masterKey() {
        return dir.resolve("master-key.json");
    }
}
