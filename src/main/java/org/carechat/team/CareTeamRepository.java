package org.carechat.team;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CareTeamRepository {

    private record Row(String id, String orgId, String name, long createdAt) {}

    private final JdbcClient jdbc;

    CareTeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String id, String orgId, String name, long now) {
        jdbc.sql("INSERT INTO care_team (id, org_id, name, created_at) VALUES (?, ?, ?, ?)")
                .params(id, orgId, name, now)
                .update();
    }

    boolean nameTaken(String orgId, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM care_team WHERE org_id = ? AND LOWER(name) = LOWER(?)")
                        .params(orgId, name)
                        .query(Long.class)
                        .single()
                > 0;
    }

    Optional<CareTeam> find(String orgId, String id) {
        return jdbc.sql("SELECT id, org_id, name, created_at FROM care_team WHERE org_id = ? AND id = ?")
                .params(orgId, id)
                .query(Row.class)
                .optional()
                .map(r -> new CareTeam(r.id(), r.orgId(), r.name(), r.createdAt(), memberIds(orgId, r.id())));
    }

    List<CareTeam> list(String orgId) {
        return jdbc
                .sql("SELECT id, org_id, name, created_at FROM care_team WHERE org_id = ? ORDER BY name")
                .param(orgId)
                .query(Row.class)
                .list()
                .stream()
                .map(r -> new CareTeam(r.id(), r.orgId(), r.name(), r.createdAt(), memberIds(orgId, r.id())))
                .toList();
    }

    List<String> memberIds(String orgId, String teamId) {
        return jdbc.sql(
                        "SELECT user_id FROM care_team_member WHERE org_id = ? AND team_id = ? ORDER BY added_at, user_id")
                .params(orgId, teamId)
                .query(String.class)
                .list();
    }

    /** @return false when already a member */
    boolean addMember(String orgId, String teamId, String userId, long now) {
        return jdbc.sql("INSERT INTO care_team_member (team_id, user_id, org_id, added_at) VALUES (?, ?, ?, ?) "
                                + "ON CONFLICT (team_id, user_id) DO NOTHING")
                        .params(teamId, userId, orgId, now)
                        .update()
                == 1;
    }

    /** @return false when not a member */
    boolean removeMember(String orgId, String teamId, String userId) {
        return jdbc.sql("DELETE FROM care_team_member WHERE org_id = ? AND team_id = ? AND user_id = ?")
                        .params(orgId, teamId, userId)
                        .update()
                == 1;
    }
}
