package org.carechat.attachment;

import org.carechat.testing.OnSqlite;

/** On SQLite with the directory blob store (the single-node default). */
@OnSqlite
class AttachmentSqliteTest extends AttachmentScenarios {}
