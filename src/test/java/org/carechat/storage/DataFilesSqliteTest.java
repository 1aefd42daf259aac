package org.carechat.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The SQLite database, its WAL and its shared-memory file hold data only the server's user may read. */
@OnSqlite
class DataFilesSqliteTest extends ServerTest {

    @Autowired
    CareChatProperties properties;

    @Test
    void theDatabaseFileItsWalAndItsSharedMemoryAreCreatedOwnerOnly() throws Exception {
        var organisation = newOrg();
        var a = newStaff(organisation, org.carechat.identity.Role.CLINICIAN, "Wal Writer");
        var b = newStaff(organisation, org.carechat.identity.Role.NURSE, "Wal Reader");
        sendText(a, direct(a, b), "written through the WAL");
        Path dir = properties.dataDir();
        for (String name : new String[] {"carechat.db", "carechat.db-wal", "carechat.db-shm"}) {
            Path file = dir.resolve(name);
            assertThat(file).as(name).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as(name)
                    .isEqualTo("rw-------");
        }
    }
}
