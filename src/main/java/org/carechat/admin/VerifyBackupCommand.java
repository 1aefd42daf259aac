package org.carechat.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carechat.storage.SqliteBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code verify-backup FILE}: checks a backup without the server (exit code 3 when it is not sound). */
@Command(
        name = "verify-backup",
        mixinStandardHelpOptions = true,
        description = "Checks a SQLite backup read-only: integrity, foreign keys, migrations, row counts. Exit code "
                + "0 when sound, 3 when not.")
final class VerifyBackupCommand implements Callable<Integer> {

    @ParentCommand
    CareChatCommand root;

    @Parameters(paramLabel = "FILE", description = "the backup file")
    Path file;

    @Override
    public Integer call() {
        SqliteBackup.Check check = SqliteBackup.verify(file);
        root.out().println((check.sound() ? "backup sound: " : "backup NOT sound: ") + describe(check));
        return check.sound() ? AdminCli.OK : AdminCli.CHECK_FAILED;
    }

    static String describe(SqliteBackup.Check check) {
        return "integrity " + check.integrity() + ", "
                + (check.foreignKeyViolations().isEmpty()
                        ? "foreign keys ok"
                        : check.foreignKeyViolations().size() + " foreign key violations (first: "
                                + check.foreignKeyViolations().getFirst() + ")")
                + ", schema version " + check.schemaVersion()
                + (check.migrationsComplete() ? "" : " with a FAILED migration")
                + ", rows " + check.rows();
    }
}
