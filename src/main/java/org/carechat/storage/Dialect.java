package org.carechat.storage;

/** The SQL differences between the supported databases, kept to this one place. */
public enum Dialect {
    SQLITE("BLOB"),
    POSTGRESQL("BYTEA");

    private final String blobType;

    Dialect(String blobType) {
        this.blobType = blobType;
    }

    String blobType() {
        return blobType;
    }

    /** The folder of migrations written for this database alone (next to {@code db/migration/common}). */
    String migrationFolder() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether several writers may run at once (PostgreSQL), or writes must take turns (SQLite's one writer). */
    public boolean concurrentWriters() {
        return this == POSTGRESQL;
    }
}
