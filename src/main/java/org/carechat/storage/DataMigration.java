package org.carechat.storage;

import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A Flyway migration written in Java because it must compute what it stores (encrypting rows, for one), registered
 * as a Spring bean and run by Flyway in order with the SQL migrations, in a transaction of its own. It runs before
 * the application's services exist: it works on the migration's connection with what it builds itself.
 *
 * <p>It reports how many rows it rewrote, and which tables: after a run that rewrote any, {@link PlainTextScrub}
 * compacts those tables so that no page of the database keeps the values they held before.
 */
public abstract class DataMigration implements JavaMigration {

    private final MigrationVersion version;
    private final String description;
    private int rewritten;

    protected DataMigration(String version, String description) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
    }

    /** Rewrites what needs rewriting; returns how many rows it changed. */
    protected abstract int rewrite(Context context) throws Exception;

    /** The tables whose old row versions must not survive once this migration rewrote rows in them. */
    public abstract List<String> tables();

    /** How many rows this migration rewrote in this process (0 when it had already run, or found nothing). */
    public int rewritten() {
        return rewritten;
    }

    @Override
    public final void migrate(Context context) throws Exception {
        rewritten += rewrite(context);
    }

    @Override
    public MigrationVersion getVersion() {
        return version;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }
}
