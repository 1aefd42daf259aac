package org.carechat.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.SharedOidcProvider;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console's single sign-on settings: checked before anything is stored, write-only secret, admins only. */
@Timeout(60)
abstract class SsoSettingsScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
    }

    Response save(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(SharedOidcProvider.settings());
        body.putAll(changes);
        return call(admin, "PUT", "/api/v1/orgs/current/sso", body);
    }

    boolean stored() {
        return jdbc.sql("SELECT COUNT(*) FROM sso_provider WHERE org_id = ?")
                        .param(org.id())
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Test
    void theIssuerMustBeHttpsUnlessTheProviderRunsOnThisMachine() {
        Response plain = save(Map.of("issuer", "http://login.hospital.example/realms/staff"));

        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.json().get("detail").asString()).startsWith("issuer: must start with https://");
        assertThat(stored()).isFalse();
    }

    @Test
    void anIssuerWhoseDiscoveryDocumentDoesNotAnswerIsRefusedBeforeAnythingIsStored() {
        Response unreachable = save(Map.of("issuer", "http://127.0.0.1:9/realms/nowhere"));

        assertThat(unreachable.status()).isEqualTo(400);
        assertThat(unreachable.json().get("detail").asString())
                .contains("discovery document at http://127.0.0.1:9/realms/nowhere/.well-known/openid-configuration");
        assertThat(stored()).isFalse();
    }

    @Test
    void aRoleThatIsNotAStaffRoleIsNamedWithItsGroup() {
        Response wrong = save(Map.of("groupRoles", Map.of("cc-patients", "patient")));

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("detail").asString())
                .isEqualTo(
                        "groupRoles: the role for group 'cc-patients' must be one of admin, clinician, nurse, staff");
        assertThat(stored()).isFalse();
    }

    @Test
    void theClientSecretIsSealedAtRestNeverShownAndKeptWhenLeftOut() {
        assertThat(save(Map.of()).status()).isEqualTo(200);
        Map<String, Object> withoutSecret = new HashMap<>();
        withoutSecret.put("clientSecret", null);
        withoutSecret.put("displayName", "Renamed Login");

        Response kept = save(withoutSecret);
        Response read = get(admin, "/api/v1/orgs/current/sso");

        assertThat(kept.status()).isEqualTo(200);
        assertThat(read.text()).doesNotContain("a client secret for the tests");
        assertThat(read.json().get("clientSecretSet").asBoolean()).isTrue();
        assertThat(read.json().get("displayName").asString()).isEqualTo("Renamed Login");
        assertThat(read.json().get("redirectUri").asString()).endsWith("/sso/callback/" + org.id());
        String sealed = jdbc.sql("SELECT client_secret_sealed FROM sso_provider WHERE org_id = ?")
                .param(org.id())
                .query(String.class)
                .single();
        assertThat(sealed).isNotBlank().doesNotContain("client secret");
    }

    @Test
    void aFirstSetUpWithoutASecretIsRefused() {
        Map<String, Object> noSecret = new HashMap<>();
        noSecret.put("clientSecret", "");

        Response refused = save(noSecret);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).startsWith("clientSecret:");
    }

    @Test
    void onlyAdminsSeeOrChangeSingleSignOn() {
        Staff nurse = newStaff(org, Role.NURSE, "Nora Nurse");

        assertThat(get(nurse, "/api/v1/orgs/current/sso").status()).isEqualTo(403);
        assertThat(call(nurse, "PUT", "/api/v1/orgs/current/sso", SharedOidcProvider.settings())
                        .status())
                .isEqualTo(403);
        assertThat(stored()).isFalse();
    }

    @Test
    void theSignInPageListsTheOrganisationOnlyWhileItsSingleSignOnIsOn() {
        save(Map.of("displayName", "Hospital Login"));
        Response on = get(null, "/api/v1/public/sso");
        save(Map.of("enabled", false));
        Response off = get(null, "/api/v1/public/sso");

        assertThat(on.text()).contains("\"orgId\":\"" + org.id() + "\"", "\"startUrl\":\"/sso/start/" + org.id());
        assertThat(off.text()).doesNotContain(org.id());
    }

    @Test
    void aChangeIsAuditedWithoutTheSecret() {
        save(Map.of());

        String details = jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = 'SETTINGS_CHANGED'")
                .param(org.id())
                .query(String.class)
                .single();
        assertThat(details)
                .contains("\"setting\":\"sso\"", "\"secretReplaced\":true")
                .doesNotContain("secret for");
    }
}
