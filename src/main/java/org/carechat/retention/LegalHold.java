package org.carechat.retention;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A legal hold in force: nothing it covers is purged (docs/retention.md).
 *
 * @param targetType {@code conversation}, {@code patient} (every conversation linked to the record or with the
 *                   patient's account in it) or {@code user} (every conversation the user is a member of)
 * @param reason     why, as the admin wrote it (a case reference, a request): kept with the hold and in the audit row
 */
@Schema(name = "LegalHold")
public record LegalHold(String id, String targetType, String targetId, String reason, String placedBy, long placedAt) {}
