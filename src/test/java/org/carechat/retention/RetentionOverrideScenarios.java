package org.carechat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A conversation's own retention period (issue #16): its owners make it shorter than the organisation's, only an
 * owner who is an admin longer; the purge and the keyset's day follow it at once.
 */
abstract class RetentionOverrideScenarios extends ServerTest {

    static final Instant T0 = Instant.parse("2031-06-01T09:00:00Z");
    static final int STAFF_DAYS = 30;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    RetentionPurge purge;

    Organisation org;
    Staff admin;
    Staff alice;
    Staff bob;
    String conversation;

    @BeforeEach
    void setUp() {
        clock.freezeAt(T0);
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.NURSE, "Alice Nurse");
        bob = newStaff(org, Role.CLINICIAN, "Bob Clinician");
        Response set = call(
                admin,
                "PATCH",
                "/api/v1/orgs/current",
                Map.of("retention", RetentionSettingsScenarios.policy(STAFF_DAYS, 365, 365, 30, 7)));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        conversation = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Night shift",
                                null,
                                true,
                                List.of(bob.id(), admin.id()),
                                List.of(admin.id()),
                                null))
                .id();
        sendText(alice, conversation, "Handover at 7");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anOwnersShorterPeriodMovesTheKeysetAtOnceAndThePurgeComesOnItsNewDayNotBefore() {
        Response shortened = put(alice, Map.of("days", 10));
        assertThat(shortened.status()).as(shortened.text()).isEqualTo(200);
        assertThat(shortened.json().get("days").asInt()).isEqualTo(10);
        assertThat(shortened.json().get("policyDays").asInt()).isEqualTo(STAFF_DAYS);
        Instant due = T0.plus(Duration.ofDays(10));
        assertThat(shortened.json().get("dueAt").asLong()).isEqualTo(due.toEpochMilli());
        assertThat(bucketOf(conversation))
                .as("re-wrapped under the new day in the change's own transaction")
                .isEqualTo(LocalDate.ofInstant(due, ZoneOffset.UTC).toString());

        clock.setTo(due.minusMillis(1));
        purge.run();
        assertThat(purgedAt(conversation)).isNull();
        clock.setTo(due);
        purge.run();
        assertThat(purgedAt(conversation)).isNotNull();
        assertThat(put(alice, Map.of("days", 5)).status())
                .as("a purged conversation's period is final")
                .isEqualTo(409);
    }

    @Test
    void onlyAnAdminKeepsAConversationLongerThanThePolicyAndItIsKeptSoEvenAfterThePolicyShortens() {
        Response byOwner = put(alice, Map.of("days", 60));
        assertThat(byOwner.status()).isEqualTo(403);
        assertThat(byOwner.string("detail")).contains("Only an admin", "30 days");
        assertThat(overrideRows()).as("a refusal stores nothing").isZero();

        Response byAdmin = put(admin, Map.of("days", 60)); // an owner too
        assertThat(byAdmin.status()).as(byAdmin.text()).isEqualTo(200);
        assertThat(byAdmin.json().get("lengthened").asBoolean()).isTrue();
        Response policy = call(
                admin,
                "PATCH",
                "/api/v1/orgs/current",
                Map.of("retention", RetentionSettingsScenarios.policy(10, 365, 365, 30, 7)));
        assertThat(policy.status()).isEqualTo(200);

        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        purge.run();
        assertThat(purgedAt(conversation)).as("kept past the policy's 30 days").isNull();
        clock.setTo(T0.plus(Duration.ofDays(60)));
        purge.run();
        assertThat(purgedAt(conversation)).isNotNull();
    }

    @Test
    void anOwnersShorteningNeverOutlivesAPolicyShortenedBelowItAndRemovingItRestoresThePolicy() {
        assertThat(put(alice, Map.of("days", 20)).status()).isEqualTo(200);
        Response cleared = call(alice, "DELETE", path(), null);
        assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
        assertThat(cleared.json().has("overrideDays"))
                .as("absent: the policy applies")
                .isFalse();
        assertThat(cleared.json().get("days").asInt()).isEqualTo(STAFF_DAYS);

        assertThat(put(alice, Map.of("days", 20)).status()).isEqualTo(200);
        call(
                admin,
                "PATCH",
                "/api/v1/orgs/current",
                Map.of("retention", RetentionSettingsScenarios.policy(5, 365, 365, 30, 7)));
        assertThat(get(alice, path()).json().get("days").asInt()).isEqualTo(5);
        clock.setTo(T0.plus(Duration.ofDays(5)));
        purge.run();
        assertThat(purgedAt(conversation)).isNotNull();
    }

    @Test
    void aMemberWhoIsNotAnOwnerIsRefusedAuditedAndBadPeriodsAreRefusedStoringNothing() {
        Response byMember = put(bob, Map.of("days", 10));
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.string("detail")).contains("Only an owner");
        assertThat(get(bob, path()).status()).as("members may see it").isEqualTo(200);
        for (Object bad : List.of(0, 3651, "ten")) {
            Response r = put(alice, Map.of("days", bad));
            assertThat(r.status()).as("days %s: %s", bad, r.text()).isEqualTo(400);
        }
        assertThat(put(alice, Map.of()).status()).isEqualTo(400);
        assertThat(put(alice, Map.of("days", 10, "lengthened", true)).status()).isEqualTo(400);
        assertThat(overrideRows()).isZero();

        assertThat(put(alice, Map.of("days", 10)).status()).isEqualTo(200);
        assertThat(auditRows("refused")).isEqualTo(1);
        assertThat(auditDetails()).singleElement().asString().contains("\"days\":10");
    }

    Response put(Staff who, Map<String, ?> body) {
        return call(who, "PUT", path(), body);
    }

    String path() {
        return "/api/v1/conversations/" + conversation + "/retention";
    }

    long overrideRows() {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_retention WHERE org_id = ?")
                .param(org.id())
                .query(Long.class)
                .single();
    }

    long auditRows(String outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'RETENTION_OVERRIDE_CHANGED' "
                        + "AND outcome = ?")
                .params(org.id(), outcome)
                .query(Long.class)
                .single();
    }

    List<String> auditDetails() {
        return jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = 'RETENTION_OVERRIDE_CHANGED' "
                        + "AND outcome = 'success'")
                .param(org.id())
                .query(String.class)
                .list();
    }

    Long purgedAt(String id) {
        return jdbc.sql("SELECT purged_at FROM conversation WHERE id = ?")
                .param(id)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    String bucketOf(String id) {
        return jdbc.sql("SELECT kek_bucket FROM conversation_key WHERE conversation_id = ?")
                .param(id)
                .query(String.class)
                .single();
    }
}
