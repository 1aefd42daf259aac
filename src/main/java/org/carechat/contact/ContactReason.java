package org.carechat.contact;

/**
 * A reason a patient picks when contacting the practice ("Prescription", "Test results"…), one of the organisation's
 * list. {@code teamId}: the care team that owns its requests (its members and the admins see them), or null for every
 * staff member.
 */
public record ContactReason(String id, String label, String teamId, int position, boolean active) {}
