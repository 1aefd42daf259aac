-- Issue #20: SQLite's migration 54 adds the view audit_append, so that a node appends an audit row after the chain
-- head it saw last in one statement. PostgreSQL does that with a data-modifying CTE already (AuditChain) and needs
-- nothing here; this migration keeps both databases at the same schema version, which the console's system page,
-- backups and the upgrade checks report and compare.
SELECT 1;
