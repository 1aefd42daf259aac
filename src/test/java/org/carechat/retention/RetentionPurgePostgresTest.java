package org.carechat.retention;

import org.carechat.testing.OnPostgres;

@OnPostgres
class RetentionPurgePostgresTest extends RetentionPurgeScenarios {

    /** The rows as {@code pg_dump} would write them, read in one statement each before the purge. */
    @Override
    BackupCopy copyOfDatabase(String conversationId) {
        return rowsOf(jdbc, conversationId);
    }
}
