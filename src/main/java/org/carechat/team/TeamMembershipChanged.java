package org.carechat.team;

import org.carechat.identity.CurrentUser;

/**
 * A staff member joined or left a care team. Published inside the transaction that makes the change, so listeners
 * (the conversations of the team) change with it or not at all.
 *
 * @param actor who made the change (an admin)
 */
public record TeamMembershipChanged(CurrentUser actor, String teamId, String userId, boolean joined) {}
