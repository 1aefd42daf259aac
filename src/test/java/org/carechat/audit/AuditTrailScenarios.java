package org.carechat.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every step of a conversation leaves an audit row with who, what and where, never the text; admins search it. */
abstract class AuditTrailScenarios extends ServerTest {

    @Test
    void aConversationsStepsAreAuditedWithoutTheirTextAndAdminsFindThemByConversation() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        Staff carol = newStaff(org, Role.STAFF, "Carol");
        String c = group(alice, bob);
        long seq = sendText(alice, c, "potassium 6.1, repeat bloods");
        post(bob, "/api/v1/conversations/" + c + "/delivered", Map.of("upTo", seq));
        post(bob, "/api/v1/conversations/" + c + "/read", Map.of("upTo", seq));
        get(bob, "/api/v1/conversations/" + c + "/messages");
        post(alice, "/api/v1/conversations/" + c + "/members", Map.of("userId", carol.id()));
        call(alice, "DELETE", "/api/v1/conversations/" + c + "/messages/" + seq, null);
        assertThat(get(carol, "/api/v1/conversations/" + group(alice, bob) + "/messages")
                        .status())
                .isEqualTo(404);

        Response trail = get(admin, "/api/v1/audit?conversationId=" + c + "&limit=100");
        assertThat(trail.status()).isEqualTo(200);
        assertThat(trail.json())
                .extracting(r -> r.get("type").asString())
                .contains(
                        "CONVERSATION_CREATED",
                        "MESSAGE_SENT",
                        "MESSAGE_DELIVERED",
                        "MESSAGE_READ",
                        "CONVERSATION_OPENED",
                        "MEMBER_ADDED",
                        "MESSAGE_DELETED");
        JsonNode sent = find(trail.json(), "MESSAGE_SENT");
        assertThat(sent.get("actorId").asString()).isEqualTo(alice.id());
        assertThat(sent.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(sent.get("outcome").asString()).isEqualTo("success");
        assertThat(trail.text()).doesNotContain("potassium");

        Response denied = get(admin, "/api/v1/audit?userId=" + carol.id() + "&type=ACCESS_DENIED");
        assertThat(denied.json()).hasSize(1);
        assertThat(denied.json().get(0).get("outcome").asString()).isEqualTo("refused");
    }

    @Test
    void onlyAdminsReadTheTrailAndNeverAnotherOrganisationsRows() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff nurse = newStaff(org, Role.NURSE, "Nina");
        Organisation other = newOrg();
        Staff otherAdmin = newStaff(other, Role.ADMIN, "Olly");
        Staff otherNurse = newStaff(other, Role.NURSE, "Oona");
        String otherConversation = direct(otherAdmin, otherNurse);
        sendText(otherAdmin, otherConversation, "elsewhere");

        assertThat(get(nurse, "/api/v1/audit").status()).isEqualTo(403);
        Response mine = get(admin, "/api/v1/audit?limit=1000");
        assertThat(mine.text()).doesNotContain(otherConversation).doesNotContain(otherAdmin.id());
        assertThat(get(admin, "/api/v1/audit?conversationId=" + otherConversation)
                        .json())
                .isEmpty();
        assertThat(get(admin, "/api/v1/audit?type=NOT_A_TYPE").status()).isEqualTo(400);
    }

    @Test
    void anExportIsCsvWithAHeaderNeutralisesFormulasAndIsItselfAudited() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        sendText(alice, direct(alice, bob), "hello");

        Response csv = get(admin, "/api/v1/audit/export?format=csv&userId=" + alice.id());
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.text().split("\r\n");
        assertThat(lines[0])
                .isEqualTo("id,org_id,occurred_at,type,outcome,actor_id,ip,target_type,target_id,"
                        + "conversation_id,patient_id,details");
        assertThat(lines).anyMatch(l -> l.contains(",MESSAGE_SENT,success," + alice.id() + ","));
        Response json = get(admin, "/api/v1/audit/export?format=json&userId=" + alice.id());
        assertThat(json.json().size()).isEqualTo(lines.length - 1);
        assertThat(get(admin, "/api/v1/audit/export?format=xml").status()).isEqualTo(400);
        assertThat(get(admin, "/api/v1/audit?type=AUDIT_EXPORTED").json()).hasSize(2);
    }

    static JsonNode find(JsonNode rows, String type) {
        for (JsonNode r : rows) {
            if (r.get("type").asString().equals(type)) {
                return r;
            }
        }
        throw new AssertionError("no " + type);
    }
}
