package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The retention key-encryption keys (docs/decisions.md, issue #16): one AES-256-GCM keyset per purge day
 * ({@code 2027-03-14}) and one for conversations under legal hold ({@code hold}), each encrypted by the master key,
 * kept in a file beside the master key and never in the database, so that no database backup holds them. A
 * conversation's data keys are wrapped under the KEK of the day it is due; destroying that day's KEK once its
 * conversations are purged makes every copy of the database unable to open them, with any master key.
 *
 * <p>The file is written owner-only and atomically, under a lock on a sibling {@code .lock} file so that processes
 * sharing it (cluster nodes on a shared path, the command line) never lose each other's changes; a process reads it
 * again when it does not know a KEK another one may have made.
 */
public final class RetentionKeyFile {

    /** The bucket of conversations under legal hold: never destroyed while anything is held. */
    public static final String HOLD = "hold";

    private static final Pattern BUCKET = Pattern.compile("hold|\\d{4}-\\d{2}-\\d{2}");
    private static final String FORMAT = "carechat.retention-keys.v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The file as stored: each bucket's KEK as a Tink keyset encrypted by the master key. */
    record Stored(String format, SortedMap<String, String> keys) {}

    private final Path file;
    private final MasterKey masterKey;
    private volatile SortedMap<String, String> encrypted;

    private RetentionKeyFile(Path file, MasterKey masterKey, SortedMap<String, String> encrypted) {
        this.file = file;
        this.masterKey = masterKey;
        this.encrypted = encrypted;
    }

    /**
     * Opens the file, or an empty set of KEKs when it does not exist yet (it is written with the first KEK).
     *
     * @throws IllegalStateException with a message for the operator when the file cannot be read
     */
    public static RetentionKeyFile open(Path file, MasterKey masterKey) {
        TinkSetup.ensureRegistered();
        return new RetentionKeyFile(file, masterKey, read(file));
    }

    /** The days (and {@link #HOLD}) that have a KEK, in order. */
    public SortedSet<String> buckets() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(encrypted.keySet()));
    }

    /** Wraps a conversation's keyset under the bucket's KEK, making the KEK first if the bucket has none. */
    public String wrap(KeysetHandle conversationKeyset, String conversationId, String bucket) {
        try {
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                    conversationKeyset,
                    kekOrCreate(bucket),
                    associatedData(conversationId, bucket),
                    RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a conversation data key", e);
        }
    }

    /**
     * Opens a conversation's keyset wrapped under the bucket's KEK.
     *
     * @throws IllegalStateException when the bucket's KEK was destroyed (the conversation is shredded) or the wrapped
     *     keyset was altered or belongs to another conversation or bucket
     */
    public KeysetHandle unwrap(String wrapped, String conversationId, String bucket) {
        Aead kek = kek(bucket)
                .orElseThrow(() -> new IllegalStateException(
                        "the retention key of " + bucket + " is destroyed: the conversation is shredded"));
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                    wrapped, kek, associatedData(conversationId, bucket), RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a conversation data key failed its integrity check", e);
        }
    }

    /** The bucket's KEK, or empty when it never existed or was destroyed; reads the file again before saying so. */
    Optional<Aead> kek(String bucket) {
        requireBucket(bucket);
        if (!encrypted.containsKey(bucket)) {
            encrypted = read(file);
        }
        String wrappedKek = encrypted.get(bucket);
        return wrappedKek == null ? Optional.empty() : Optional.of(decrypt(bucket, wrappedKek));
    }

    private Aead kekOrCreate(String bucket) {
        Optional<Aead> existing = kek(bucket);
        if (existing.isPresent()) {
            return existing.get();
        }
        change(keys -> keys.computeIfAbsent(bucket, this::newKek));
        return kek(bucket).orElseThrow();
    }

    /**
     * Destroys the bucket's KEK: every conversation keyset wrapped under it, wherever a copy of it is kept, can no longer
     * be opened. Old copies of this file are the one exception (docs/retention.md).
     *
     * @return false when the bucket had no KEK
     */
    public boolean destroy(String bucket) {
        requireBucket(bucket);
        boolean[] removed = {false};
        change(keys -> removed[0] = keys.remove(bucket) != null);
        return removed[0];
    }

    /** Re-encrypts every KEK under the master key's current primary (master-key rotation); returns how many. */
    public int reencryptAll() {
        int[] count = {0};
        change(keys -> keys.replaceAll((bucket, wrappedKek) -> {
            count[0]++;
            return encrypt(bucket, parse(bucket, wrappedKek));
        }));
        return count[0];
    }

    /** Where the file is, for the operator; never key material. */
    public String describe() {
        return "file " + file.toAbsolutePath();
    }

    private interface Change {
        void apply(SortedMap<String, String> keys);
    }

    /**
     * Reads, changes and writes the file under its lock, so that no other process's change is lost (and under a lock of
     * this JVM, as a file lock is held per process).
     */
    private void change(Change change) {
        synchronized (RetentionKeyFile.class) {
            changeLocked(change);
        }
    }

    private void changeLocked(Change change) {
        try {
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                SortedMap<String, String> keys = new TreeMap<>(read(file));
                change.apply(keys);
                KeysetMasterKey.write(file, JSON.writeValueAsString(new Stored(FORMAT, keys)));
                encrypted = Collections.unmodifiableSortedMap(keys);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The retention key file " + file.toAbsolutePath() + " cannot be written ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private String newKek(String bucket) {
        try {
            return encrypt(
                    bucket, KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a retention key", e);
        }
    }

    private String encrypt(String bucket, KeysetHandle kek) {
        try {
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                    kek, masterKey.aead(), kekData(bucket), RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a retention key under the master key", e);
        }
    }

    private Aead decrypt(String bucket, String wrappedKek) {
        try {
            return parse(bucket, wrappedKek).getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the retention key of " + bucket + " cannot be used", e);
        }
    }

    private KeysetHandle parse(String bucket, String wrappedKek) {
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                    wrappedKek, masterKey.aead(), kekData(bucket), RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The master key (" + masterKey.describe() + ") does not open the retention key of " + bucket
                            + " in " + file.toAbsolutePath() + ": restore the key file that belongs with it",
                    e);
        }
    }

    private static SortedMap<String, String> read(Path file) {
        if (!Files.exists(file)) {
            return Collections.emptySortedMap();
        }
        try {
            KeysetMasterKey.warnIfOthersCanRead(file);
            Stored stored = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
            if (!FORMAT.equals(stored.format()) || stored.keys() == null) {
                throw new IllegalStateException("The retention key file " + file.toAbsolutePath()
                        + " is not a CareChat retention key file (" + FORMAT + ")");
            }
            stored.keys().keySet().forEach(RetentionKeyFile::requireBucket);
            return Collections.unmodifiableSortedMap(new TreeMap<>(stored.keys()));
        } catch (IOException | tools.jackson.core.JacksonException e) {
            throw new IllegalStateException(
                    "The retention key file " + file.toAbsolutePath() + " cannot be read ("
                            + e.getClass().getSimpleName() + "). Restore it from your backup.",
                    e);
        }
    }

    private static void requireBucket(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("a retention bucket is a day (yyyy-MM-dd) or 'hold'");
        }
    }

    private static byte[] kekData(String bucket) {
        return ("carechat.retention-kek|" + bucket).getBytes(StandardCharsets.UTF_8);
    }

    /** The associated data of a conversation keyset wrapped under a retention KEK: it cannot move to another one. */
    static byte[] associatedData(String conversationId, String bucket) {
        return ("carechat.conversation-key|" + conversationId + "|" + bucket).getBytes(StandardCharsets.UTF_8);
    }
}
