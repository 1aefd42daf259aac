package org.carechat.identity.sso;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisations' identity providers, their group mappings, linked provider accounts and SSO sessions. */
@Repository
class SsoRepository {

    private static final String COLUMNS = "org_id, enabled, display_name, issuer, client_id, client_secret_sealed, "
            + "groups_claim, provision_accounts, link_by_email, password_sign_in_off, require_mfa, roles_follow_groups, "
            + "updated_at";

    private final JdbcClient jdbc;

    SsoRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stored(SsoProvider provider, String sealedSecret) {}

    Optional<Stored> find(String orgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sso_provider WHERE org_id = ?")
                .param(orgId)
                .query((rs, n) -> new Stored(
                        new SsoProvider(
                                rs.getString("org_id"),
                                rs.getInt("enabled") == 1,
                                rs.getString("display_name"),
                                rs.getString("issuer"),
                                rs.getString("client_id"),
                                rs.getString("client_secret_sealed") != null,
                                rs.getString("groups_claim"),
                                groupRoles(orgId),
                                rs.getInt("provision_accounts") == 1,
                                rs.getInt("link_by_email") == 1,
                                rs.getInt("password_sign_in_off") == 1,
                                rs.getInt("require_mfa") == 1,
                                rs.getInt("roles_follow_groups") == 1,
                                rs.getLong("updated_at")),
                        rs.getString("client_secret_sealed")))
                .optional();
    }

    /** When the organisation's provider settings last changed, if it has any: how nodes notice a change. */
    Optional<Long> updatedAt(String orgId) {
        return jdbc.sql("SELECT updated_at FROM sso_provider WHERE org_id = ?")
                .param(orgId)
                .query(Long.class)
                .optional();
    }

    /** The ids and button names of the organisations whose single sign-on is on. */
    List<Map.Entry<String, String>> enabled() {
        return jdbc.sql("SELECT org_id, display_name FROM sso_provider WHERE enabled = 1 ORDER BY display_name, org_id")
                .query((rs, n) -> Map.entry(rs.getString("org_id"), rs.getString("display_name")))
                .list();
    }

    /** Writes the settings; {@code sealedSecret} replaces the stored secret. Call in a write transaction. */
    void save(SsoProvider p, String sealedSecret) {
        jdbc.sql("DELETE FROM sso_provider WHERE org_id = ?").param(p.orgId()).update();
        jdbc.sql("INSERT INTO sso_provider (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        p.orgId(),
                        p.enabled() ? 1 : 0,
                        p.displayName(),
                        p.issuer(),
                        p.clientId(),
                        sealedSecret,
                        p.groupsClaim(),
                        p.provisionAccounts() ? 1 : 0,
                        p.linkByEmail() ? 1 : 0,
                        p.passwordSignInOff() ? 1 : 0,
                        p.requireMfa() ? 1 : 0,
                        p.rolesFollowGroups() ? 1 : 0,
                        p.updatedAt())
                .update();
        jdbc.sql("DELETE FROM sso_group_role WHERE org_id = ?").param(p.orgId()).update();
        p.groupRoles()
                .forEach((group, role) -> jdbc.sql(
                                "INSERT INTO sso_group_role (org_id, group_name, role) VALUES (?, ?, ?)")
                        .params(p.orgId(), group, role.code())
                        .update());
    }

    private Map<String, Role> groupRoles(String orgId) {
        Map<String, Role> roles = new LinkedHashMap<>();
        jdbc.sql("SELECT group_name, role FROM sso_group_role WHERE org_id = ? ORDER BY group_name")
                .param(orgId)
                .query(rs -> {
                    roles.put(
                            rs.getString("group_name"),
                            Role.parse(rs.getString("role")).orElseThrow());
                });
        return roles;
    }

    /** The CareChat account linked to the provider's account {@code issuer}/{@code subject}. */
    Optional<String> linkedUser(String orgId, String issuer, String subject) {
        return jdbc.sql("SELECT user_id FROM sso_identity WHERE org_id = ? AND issuer = ? AND subject = ?")
                .params(orgId, issuer, subject)
                .query(String.class)
                .optional();
    }

    boolean isLinked(String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM sso_identity WHERE user_id = ?")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void link(String orgId, String issuer, String subject, String userId, long now) {
        jdbc.sql("INSERT INTO sso_identity (org_id, issuer, subject, user_id, linked_at) VALUES (?, ?, ?, ?, ?)")
                .params(orgId, issuer, subject, userId, now)
                .update();
    }

    void recordSession(String tokenId, String orgId, boolean mfa, String amr, String acr, long now) {
        jdbc.sql("INSERT INTO sso_session (token_id, org_id, mfa, amr, acr, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(tokenId, orgId, mfa ? 1 : 0, amr, acr, now)
                .update();
    }

    /** The organisation whose provider made the session {@code tokenId}, if SSO made it. */
    Optional<String> sessionOrg(String tokenId) {
        return jdbc.sql("SELECT org_id FROM sso_session WHERE token_id = ?")
                .param(tokenId)
                .query(String.class)
                .optional();
    }
}
