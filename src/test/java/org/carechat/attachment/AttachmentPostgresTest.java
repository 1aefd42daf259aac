package org.carechat.attachment;

import org.carechat.testing.OnPostgres;
import org.springframework.test.context.TestPropertySource;

/** On PostgreSQL with the database blob store (what cluster mode uses). */
@OnPostgres
@TestPropertySource(properties = "carechat.attachments.store=database")
class AttachmentPostgresTest extends AttachmentScenarios {}
