package org.carechat.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Remote wipe: a lost device ends at once, and its next request is told to clear; the admin sees the outcome. */
abstract class DeviceWipeScenarios extends ServerTest {

    static final String CLEAR = "\"cache\", \"cookies\", \"storage\"";

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    Staff alice;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.NURSE, "Alice Nurse");
    }

    @Test
    void aLostDeviceEndsAtOnceItsSocketClosesAndItsNextRequestIsToldToClearEverything() {
        String username = newUserWithPassword(org, PASSWORD, false);
        BrowserSession browser = login(username, PASSWORD);
        User owner = users.findByUsername(org.id(), username).orElseThrow();
        String sessionId = jdbc.sql("SELECT id FROM auth_token WHERE user_id = ? AND kind = 'session'")
                .param(owner.id())
                .query(String.class)
                .single();
        try (WsClient socket = connect(browser)) {

            Response wiped = post(admin, "/api/v1/users/" + owner.id() + "/wipe", Map.of("tokenId", sessionId));

            assertThat(wiped.status()).as(wiped.text()).isEqualTo(200);
            assertThat(wiped.json().get(0).get("state").asString()).isEqualTo("wipe_pending");
            socket.awaitClose(10);
        }
        Response next = withCookie(browser, "GET", "/api/v1/inbox", null, false);
        assertThat(next.status()).isEqualTo(401);
        assertThat(next.headers().firstValue("Clear-Site-Data")).hasValue(CLEAR);
        Response devices = get(admin, "/api/v1/users/" + owner.id() + "/devices");
        assertThat(devices.json().get(0).get("state").asString()).isEqualTo("wiped");
        assertThat(devices.json().get(0).get("wipedAt").asLong()).isPositive();
        assertThat(auditCount("DEVICE_WIPE_REQUESTED")).isEqualTo(1);
        assertThat(auditCount("DEVICE_WIPED")).isEqualTo(1);
    }

    @Test
    void aUserWhoLeftHasEveryDeviceEndedAndOneNeverSeenAgainStaysPending() {
        var tablet = tokens.issueDeviceToken(alice.user(), "tablet");
        Staff onTablet = new Staff(alice.user(), tablet.secret());

        Response wiped = post(admin, "/api/v1/users/" + alice.id() + "/wipe", Map.of());

        assertThat(wiped.status()).as(wiped.text()).isEqualTo(200);
        assertThat(wiped.json().size()).isEqualTo(2);
        Response fromTablet = get(onTablet, "/api/v1/inbox");
        assertThat(fromTablet.status()).isEqualTo(401);
        assertThat(fromTablet.headers().firstValue("Clear-Site-Data")).hasValue(CLEAR);
        var devices = get(admin, "/api/v1/users/" + alice.id() + "/devices").json();
        assertThat(devices.valueStream()
                        .map(d ->
                                d.get("name").asString() + "=" + d.get("state").asString()))
                .containsExactlyInAnyOrder("tablet=wiped", "test=wipe_pending");
        assertThat(auditCount("DEVICE_WIPE_REQUESTED")).isEqualTo(2);
    }

    @Test
    void aPatientWipesTheirOwnLostPhoneAndAnotherUsersDeviceIsNotTheirs() {
        Patient record = patientRecord(org, "Wendy", "Wipe", "1970-01-01", null, null);
        Staff patient = patientAccount(record);
        var phone = tokens.issueDeviceToken(patient.user(), "old phone");
        var alicesTablet = tokens.issueDeviceToken(alice.user(), "tablet");

        assertThat(post(patient, "/api/v1/auth/tokens/" + alicesTablet.id() + "/wipe", null)
                        .status())
                .isEqualTo(404);
        assertThat(post(patient, "/api/v1/auth/tokens/" + phone.id() + "/wipe", null)
                        .status())
                .isEqualTo(204);

        Response fromPhone = get(new Staff(patient.user(), phone.secret()), "/api/v1/inbox");
        assertThat(fromPhone.status()).isEqualTo(401);
        assertThat(fromPhone.headers().firstValue("Clear-Site-Data")).hasValue(CLEAR);
        assertThat(get(patient, "/api/v1/inbox").status())
                .as("this device still works")
                .isEqualTo(200);
        assertThat(get(new Staff(alice.user(), alicesTablet.secret()), "/api/v1/inbox")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anEndedButUnmarkedSessionIsNotToldToClear() {
        var tablet = tokens.issueDeviceToken(alice.user(), "tablet");
        assertThat(post(admin, "/api/v1/users/" + alice.id() + "/sessions/end", null)
                        .status())
                .isEqualTo(204);
        Response r = get(new Staff(alice.user(), tablet.secret()), "/api/v1/inbox");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().firstValue("Clear-Site-Data")).isEmpty();
        Staff bob = newStaff(org, Role.NURSE, "Bob Nurse");
        assertThat(post(bob, "/api/v1/users/" + admin.id() + "/wipe", Map.of()).status())
                .as("only admins wipe another's devices")
                .isEqualTo(403);
    }

    long auditCount(String type) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = ? AND outcome = 'success'")
                .params(org.id(), type)
                .query(Long.class)
                .single();
    }
}
