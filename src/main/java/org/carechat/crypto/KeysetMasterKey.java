package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master key held as a Tink AES-256-GCM keyset: in a file readable only by its owner (the default), or given as
 * text (the environment variable {@code CARECHAT_MASTER_KEY}).
 *
 * <p>The file is created on first start, and only then: if it is missing while the database already holds wrapped
 * keys, or it cannot be read, the server refuses to start rather than make a new key that could never open the
 * existing data. When another process rotated the file (the {@code rotate-master-key} command), a key that fails
 * to open under the loaded keyset makes this re-read the file and try once more.
 */
final class KeysetMasterKey implements MasterKey {

    static {
        TinkSetup.ensureRegistered();
    }

    private static final Logger log = LoggerFactory.getLogger(KeysetMasterKey.class);

    private final Path file;
    private volatile Loaded loaded;

    private record Loaded(Aead aead) {}

    private KeysetMasterKey(Path file, Loaded loaded) {
        this.file = file;
        this.loaded = loaded;
    }

    /**
     * Loads the keyset at {@code file}, or creates it when {@code mayCreate} (the database holds no wrapped key).
     *
     * @throws IllegalStateException with a message for the operator when the key is missing or unreadable
     */
    static KeysetMasterKey loadOrCreate(Path file, boolean mayCreate) {
        try {
            if (Files.exists(file)) {
                warnIfOthersCanRead(file);
                return new KeysetMasterKey(file, load(file));
            }
            if (!mayCreate) {
                throw new IllegalStateException("The master key file " + file.toAbsolutePath() + " is missing, but the "
                        + "database holds data encrypted under a master key. Restore the key file from your backup "
                        + "(or point carechat.master-key-file at it); CareChat will not start with a new key over "
                        + "existing data.");
            }
            KeysetHandle handle =
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
            write(file, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
            log.info(
                    "created a new master key at {} (owner-only permissions); back it up apart from the database",
                    file.toAbsolutePath());
            return new KeysetMasterKey(file, load(file));
        } catch (GeneralSecurityException | IOException e) {
            throw unreadable("The master key file " + file.toAbsolutePath(), e);
        }
    }

    /** A keyset given as text (the environment); it is never written anywhere by CareChat. */
    static KeysetMasterKey fromText(String keysetJson) {
        try {
            return new KeysetMasterKey(null, new Loaded(primitive(parse(keysetJson))));
        } catch (GeneralSecurityException e) {
            throw unreadable("The master key given in CARECHAT_MASTER_KEY (carechat.master-key)", e);
        }
    }

    @Override
    public Aead aead() {
        return new Aead() {
            @Override
            public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
                return loaded.aead().encrypt(plaintext, associatedData);
            }

            @Override
            public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
                Loaded current = loaded;
                try {
                    return current.aead().decrypt(ciphertext, associatedData);
                } catch (GeneralSecurityException e) {
                    Loaded fresher = reload(current);
                    if (fresher == current) {
                        throw e;
                    }
                    return fresher.aead().decrypt(ciphertext, associatedData);
                }
            }
        };
    }

    @Override
    public String describe() {
        return file == null ? "keyset from the environment (CARECHAT_MASTER_KEY)" : "file " + file.toAbsolutePath();
    }

    @Override
    public boolean canAddPrimaryKey() {
        return file != null;
    }

    @Override
    public synchronized void addPrimaryKey() {
        if (file == null) {
            MasterKey.super.addPrimaryKey();
        }
        try {
            KeysetHandle current = read(file);
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary());
            write(file, TinkJsonProtoKeysetFormat.serializeKeyset(builder.build(), InsecureSecretKeyAccess.get()));
            loaded = load(file);
            log.info("added a new primary key to the master key file {}", file.toAbsolutePath());
        } catch (GeneralSecurityException | IOException e) {
            throw unreadable("The master key file " + file.toAbsolutePath(), e);
        }
    }

    /** Re-reads the key file (another process may have rotated it); the loaded keyset when it cannot. */
    private synchronized Loaded reload(Loaded seen) {
        if (file == null || loaded != seen) {
            return loaded;
        }
        try {
            loaded = load(file);
            return loaded;
        } catch (GeneralSecurityException | IOException e) {
            log.warn("could not reload the master key file ({})", e.getClass().getSimpleName());
            return seen;
        }
    }

    /**
     * The key file is made owner-only; one that others may read (copied, restored from a backup, unpacked by hand) is
     * worth a warning at every start until it is put right. The start goes on: refusing would take a practice's
     * messaging down over a fix of one command.
     */
    static void warnIfOthersCanRead(Path file) {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                log.warn(
                        "the master key file {} can be read by other users of this machine (permissions {}): make it "
                                + "owner-only with: chmod 600 {}",
                        file.toAbsolutePath(),
                        PosixFilePermissions.toString(permissions),
                        file.toAbsolutePath());
            }
        } catch (UnsupportedOperationException | IOException noPosixPermissions) {
            // Not a POSIX file system: nothing to check here.
        }
    }

    private static Loaded load(Path file) throws IOException, GeneralSecurityException {
        return new Loaded(primitive(read(file)));
    }

    private static KeysetHandle read(Path file) throws IOException, GeneralSecurityException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static KeysetHandle parse(String json) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    }

    private static Aead primitive(KeysetHandle handle) throws GeneralSecurityException {
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    private static IllegalStateException unreadable(String what, Exception e) {
        return new IllegalStateException(
                what + " cannot be read as a CareChat master key ("
                        + e.getClass().getSimpleName()
                        + "). Restore it from your backup; CareChat will not start without it.",
                e);
    }

    /** Writes owner-only, then moves into place, so a crash never leaves a half-written key file. */
    static void write(Path file, String keyset) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, keyset, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
