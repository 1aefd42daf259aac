package org.carechat.crypto;

import java.nio.file.Path;

/** For tests outside this package: writes a brand-new master key file, as a mistaken operator might. */
public final class MasterKeyFiles {

    private MasterKeyFiles() {}

    public static void createFresh(Path file) {
        KeysetMasterKey.loadOrCreate(file, true);
    }
}
