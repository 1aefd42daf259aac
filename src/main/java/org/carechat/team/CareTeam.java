package org.carechat.team;

import java.util.List;

/**
 * A care team: staff of one organisation who share the patient conversations assigned to the team. Its members see
 * those conversations as members do, for as long as they are in the team.
 *
 * @param memberIds the team's staff, in the order they joined
 */
public record CareTeam(String id, String orgId, String name, long createdAt, List<String> memberIds) {}
