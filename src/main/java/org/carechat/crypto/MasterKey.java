package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
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
 * The key that wraps every conversation's data key (envelope encryption; docs/security.md).
 *
 * <p>It is a Tink AES-256-GCM keyset in a file readable only by its owner. The file is created on first start,
 * and only then: if it is missing while the database already holds wrapped data keys, or it cannot be read,
 * the server refuses to start rather than make a new key that could never open the existing data.
 */
public final class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);

    private final Aead aead;

    private MasterKey(Aead aead) {
        this.aead = aead;
    }

    /**
     * Loads the keyset at {@code file}, or creates it when {@code mayCreate} (the database holds no wrapped key).
     *
     * @throws IllegalStateException with a message for the operator when the key is missing or unreadable
     */
    static MasterKey loadOrCreate(Path file, boolean mayCreate) {
        try {
            AeadConfig.register();
            if (Files.exists(file)) {
                return new MasterKey(primitive(read(file)));
            }
            if (!mayCreate) {
                throw new IllegalStateException("The master key file " + file.toAbsolutePath() + " is missing, but the "
                        + "database holds data encrypted under a master key. Restore the key file from your backup "
                        + "(or point carechat.master-key-file at it); CareChat will not start with a new key over "
                        + "existing data.");
            }
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            write(file, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
            log.info("created a new master key at {} (owner-only permissions); back it up apart from the database",
                    file.toAbsolutePath());
            return new MasterKey(primitive(handle));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("The master key file " + file.toAbsolutePath() + " cannot be read as a "
                    + "CareChat master key (" + e.getClass().getSimpleName() + "). Restore it from your backup; "
                    + "CareChat will not start without it.", e);
        }
    }

    Aead aead() {
        return aead;
    }

    private static KeysetHandle read(Path file) throws IOException, GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeyset(
                Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
    }

    private static Aead primitive(KeysetHandle handle) throws GeneralSecurityException {
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /** Writes owner-only, then moves into place, so a crash never leaves a half-written key file. */
    private static void write(Path file, String keyset) throws IOException {
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
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        }
    }
}
