package org.carechat.attachment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A folder on this node: one file per blob, in a subfolder named by the key's last two characters (UUIDv7 ids
 * start with the time, so their ends spread evenly). A blob is written to a temporary file, forced to disk and moved
 * into place, so a reader never sees half a blob. For one node only: other nodes cannot reach it.
 */
final class DirectoryBlobStore implements BlobStore {

    /** Keys are ours (an attachment id and a suffix), but the folder is never reached through anything else. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{1,64}(\\.[a-z]{1,16})?");

    private final Path root;

    DirectoryBlobStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the attachment folder", e);
        }
    }

    @Override
    public void put(String key, byte[] ciphertext) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(
                    target.getParent(),
                    ".upload-",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(ciphertext));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an attachment blob", e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read an attachment blob", e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete an attachment blob", e);
        }
    }

    @Override
    public String kind() {
        return "directory";
    }

    private Path path(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key");
        }
        String base = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        return root.resolve(base.substring(Math.max(0, base.length() - 2))).resolve(key);
    }
}
