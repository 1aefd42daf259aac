package org.carechat.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carechat.storage.SqliteBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backup --to FILE}: an online, consistent copy of the SQLite database, checked once written. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Copies the SQLite database to a new file while the server runs, then checks the copy. "
                + "Back up the master key and the attachments folder apart (docs/upgrade.md).")
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    CareChatCommand root;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "the new backup file")
    Path target;

    @Override
    public Integer call() {
        root.bean(SqliteBackup.class).backup(target);
        SqliteBackup.Check check = SqliteBackup.verify(target);
        root.out()
                .println("backed up to " + target.toAbsolutePath() + " (" + SqliteBackup.size(target)
                        + " bytes, schema " + "version " + check.schemaVersion() + ", " + check.rows() + ")");
        if (!check.sound()) {
            root.out().println("the copy failed its check: " + VerifyBackupCommand.describe(check));
            return AdminCli.CHECK_FAILED;
        }
        return AdminCli.OK;
    }
}
