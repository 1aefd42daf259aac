package org.carechat.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.identity.TotpCodes;
import org.carechat.patient.Patient;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.Response;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * T-AUD-01: every operation on clinical data, and every refusal, leaves its audit row naming who, what and from
 * where. Each step below is one API call (or frame) with the row it must add; the steps must cover every route of
 * the access table that is not listed in {@link #NOT_AUDITED} with its reason.
 */
@Timeout(300)
abstract class AuditCompletenessScenarios extends AccessFixture {

    /** Routes whose success is not audited, and why: they read or change nothing clinical. */
    static final Map<String, String> NOT_AUDITED = Map.ofEntries(
            Map.entry(
                    "POST /api/v1/auth/second-factor/setup",
                    "a new secret shown to its owner; enrolment is audited at confirm"),
            Map.entry("GET /api/v1/teams", "care teams' names and members, the staff directory"),
            Map.entry("GET /api/v1/teams/{id}", "care teams' names and members, the staff directory"),
            Map.entry("GET /api/v1/auth/me", "the caller's own account"),
            Map.entry("GET /api/v1/auth/tokens", "the caller's own sessions"),
            Map.entry("GET /api/v1/users", "the staff directory"),
            Map.entry("GET /api/v1/users/{id}", "the staff directory"),
            Map.entry("GET /api/v1/orgs/current", "the caller's organisation"),
            Map.entry("GET /api/v1/orgs/current/attachment-types", "the caller's organisation's settings"),
            Map.entry("GET /api/v1/availability", "colleagues' availability, like the staff directory"),
            Map.entry("GET /api/v1/urgent", "the caller's own pending alerts: ids and times, no content"),
            Map.entry("POST /api/v1/conversations/{conversationId}/typing", "ephemeral, never stored"),
            Map.entry("GET /api/v1/conversations/{conversationId}/markers", "receipt positions, no content"),
            Map.entry(
                    "GET /api/v1/conversations/{conversationId}/messages/{seq}/readers",
                    "who read a message and when, no content"),
            Map.entry("GET /api/v1/contact-reasons", "the organisation's list of reasons"),
            Map.entry("GET /api/v1/contact-requests/counts", "how many requests each tab holds"),
            Map.entry("GET /api/v1/orgs/current/contact-settings", "the caller's organisation's settings"),
            Map.entry("GET /api/v1/public/contact-form/{orgId}", "the practice's name and reasons, public"),
            Map.entry("GET /api/v1/orgs/current/profile", "the caller's organisation's name and emergency sentence"),
            Map.entry("GET /api/v1/urgent/settings", "the caller's organisation's settings"),
            Map.entry("GET /api/v1/urgent/mobile", "the caller's own number"),
            Map.entry("GET /api/v1/auth/second-factor", "the caller's own account"),
            Map.entry("GET /api/v1/account/preferences", "the caller's own preferences"),
            Map.entry("GET /api/v1/push/key", "the server's public key and whether the caller's device subscribed"),
            Map.entry("GET /api/v1/push/settings", "the caller's own alert settings"),
            Map.entry(
                    "GET /api/v1/public/sso",
                    "the sign-in page's buttons: organisations and provider names, public; a rate-limit refusal is "
                            + "audited (RateLimitScenarios)"),
            Map.entry(
                    "GET /api/v1/public/patient-sign-in",
                    "the patient sign-in page's one flag for the whole server, names no one; a rate-limit refusal is "
                            + "audited (RateLimitScenarios)"),
            Map.entry("GET /api/v1/orgs/current/sso", "the caller's organisation's settings (never the secret)"),
            Map.entry("GET /api/v1/auth/sso-sign-out", "the provider's sign-out address for the caller's session"),
            Map.entry("GET /api/v1/orgs/current/fhir", "the caller's organisation's EHR settings (never the key)"),
            Map.entry("GET /api/v1/public/fhir/{orgId}/jwks", "a public key, public"),
            Map.entry(
                    "GET /api/v1/public/fhir/launch",
                    "starts an EHR launch: a one-time state and a redirect to the EHR's authorisation server, names "
                            + "no one; the sign-in it leads to is audited at the callback"));

    @Autowired
    JdbcClient jdbc;

    final Set<String> covered = new LinkedHashSet<>();
    final List<String> missing = new ArrayList<>();

    /** Runs {@code call} (an API request on {@code route}) and checks it added a row of {@code type}/{@code outcome}. */
    void step(String route, String actorId, String type, String outcome, Supplier<Response> call) {
        covered.add(route);
        long before = rows(actorId, type, outcome);
        Response r = call.get();
        long after = rows(actorId, type, outcome);
        if (after <= before) {
            missing.add(route + " -> " + r.status() + ": no " + outcome + " " + type + " row by " + actorId);
        }
    }

    long rows(String actorId, String type, String outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND outcome = ? AND "
                        + (actorId == null ? "actor_id IS NULL AND ip = '127.0.0.1'" : "actor_id = '" + actorId + "'"))
                .params(type, outcome)
                .query(Long.class)
                .single();
    }

    @Test
    void everyClinicalOperationAndEveryRefusalHasItsAuditRowAndNoAuditedRouteIsLeftOut() {
        String c = "/api/v1/conversations/" + conversationA;
        Staff newcomer = newStaff(orgA, Role.NURSE, "Nora Newcomer");
        Staff systemAdmin = newSystemAdmin(orgA);
        String username = newUserWithPassword(orgA, PASSWORD, false);

        // Sign-in and sessions.
        step(
                "POST /api/v1/auth/login",
                null,
                "SIGN_IN",
                "refused",
                () -> login("nobody-" + tag, PASSWORD).response());
        step(
                "GET /api/v1/public/fhir/launch/callback",
                null,
                "SIGN_IN",
                "refused",
                () -> get(null, "/api/v1/public/fhir/launch/callback?code=c&state=" + tag));
        step(
                "GET /api/v1/public/fhir/launch/callback",
                null,
                "SIGN_IN",
                "refused",
                () -> get(null, "/api/v1/public/fhir/launch/callback?error=access_denied&state=" + tag));
        step(
                "POST /api/v1/patient-access/codes",
                null,
                "ONE_TIME_CODE_REQUESTED",
                "refused",
                () -> post(
                        null,
                        "/api/v1/patient-access/codes",
                        Map.of("contact", "nobody-" + tag + "@example.org", "birthDate", "1970-01-01")));
        step(
                "POST /api/v1/patient-access/password-sign-in",
                null,
                "SIGN_IN",
                "refused",
                () -> post(
                        null,
                        "/api/v1/patient-access/password-sign-in",
                        Map.of(
                                "contact",
                                "nobody-" + tag + "@example.org",
                                "birthDate",
                                "1970-01-01",
                                "password",
                                "not a password of anyone")));
        Staff patient = patientAccount(patientRecord(orgA, "Audra", "Patient", "1970-01-01", null, null));
        step(
                "POST /api/v1/patient-access/password",
                patient.id(),
                "USER_UPDATED",
                "success",
                () -> post(patient, "/api/v1/patient-access/password", Map.of("newPassword", "an audited passphrase")));
        step(
                "POST /api/v1/patient-access/sign-in",
                null,
                "SIGN_IN",
                "refused",
                () -> post(null, "/api/v1/patient-access/sign-in", Map.of("request", "pc_" + tag, "code", "123456")));
        BrowserSession browser = login(username, PASSWORD);
        String browserUser = browser.response().json().get("user").get("id").asString();
        step(
                "POST /api/v1/auth/token",
                browserUser,
                "SIGN_IN",
                "success",
                () -> post(
                        null,
                        "/api/v1/auth/token",
                        Map.of("username", username, "password", PASSWORD, "deviceName", "ward phone")));
        step(
                "POST /api/v1/auth/password",
                browserUser,
                "USER_UPDATED",
                "refused",
                () -> withCookie(
                        browser,
                        "POST",
                        "/api/v1/auth/password",
                        Map.of("currentPassword", "not my password", "newPassword", "a brand new passphrase"),
                        true));
        var tablet = tokens.issueDeviceToken(newcomer.user(), "tablet");
        Staff newcomerTablet = new Staff(newcomer.user(), tablet.secret());
        step(
                "DELETE /api/v1/auth/tokens/{id}",
                newcomer.id(),
                "TOKEN_REVOKED",
                "success",
                () -> call(newcomer, "DELETE", "/api/v1/auth/tokens/" + tablet.id(), null));
        var phone = tokens.issueDeviceToken(newcomer.user(), "phone");
        step(
                "POST /api/v1/auth/tokens/{id}/wipe",
                newcomer.id(),
                "DEVICE_WIPE_REQUESTED",
                "success",
                () -> post(newcomer, "/api/v1/auth/tokens/" + phone.id() + "/wipe", null));
        step(
                "GET /api/v1/users/{id}/devices",
                adminA.id(),
                "CONSOLE_VIEWED",
                "success",
                () -> get(adminA, "/api/v1/users/" + newcomer.id() + "/devices"));
        var laptop = tokens.issueDeviceToken(newcomer.user(), "laptop");
        step(
                "POST /api/v1/users/{id}/wipe",
                adminA.id(),
                "DEVICE_WIPE_REQUESTED",
                "success",
                () -> post(adminA, "/api/v1/users/" + newcomer.id() + "/wipe", Map.of("tokenId", laptop.id())));
        step(
                "POST /api/v1/auth/logout",
                browserUser,
                "SIGN_OUT",
                "success",
                () -> withCookie(browser, "POST", "/api/v1/auth/logout", null, true));

        // Second factor.
        BrowserSession enrolling = login(username, PASSWORD);
        covered.add("POST /api/v1/auth/second-factor/setup");
        String secret = withCookie(enrolling, "POST", "/api/v1/auth/second-factor/setup", null, true)
                .json()
                .get("secret")
                .asString();
        long now = System.currentTimeMillis();
        List<String> recoveryCodes = new ArrayList<>();
        step("POST /api/v1/auth/second-factor/confirm", browserUser, "SECOND_FACTOR_ENROLLED", "success", () -> {
            Response r = withCookie(
                    enrolling,
                    "POST",
                    "/api/v1/auth/second-factor/confirm",
                    Map.of("code", TotpCodes.at(secret, now)),
                    true);
            r.json().get("recoveryCodes").forEach(code -> recoveryCodes.add(code.asString()));
            return r;
        });
        step(
                "POST /api/v1/auth/login/second-factor",
                browserUser,
                "SIGN_IN",
                "refused",
                () -> post(
                        null,
                        "/api/v1/auth/login/second-factor",
                        Map.of(
                                "challenge",
                                login(username, PASSWORD)
                                        .response()
                                        .json()
                                        .get("challenge")
                                        .asString(),
                                "code",
                                "abcdef")));
        step(
                "POST /api/v1/auth/token/second-factor",
                browserUser,
                "SIGN_IN",
                "success",
                () -> post(
                        null,
                        "/api/v1/auth/token/second-factor",
                        Map.of(
                                "challenge",
                                post(
                                                null,
                                                "/api/v1/auth/token",
                                                Map.of("username", username, "password", PASSWORD, "deviceName", "pc"))
                                        .json()
                                        .get("challenge")
                                        .asString(),
                                "code",
                                TotpCodes.at(secret, now + 30_000))));
        step(
                "POST /api/v1/auth/second-factor/remove",
                browserUser,
                "SECOND_FACTOR_REMOVED",
                "success",
                () -> withCookie(
                        enrolling,
                        "POST",
                        "/api/v1/auth/second-factor/remove",
                        Map.of("code", recoveryCodes.getFirst()),
                        true));
        step(
                "POST /api/v1/users/{id}/second-factor/reset",
                adminA.id(),
                "SECOND_FACTOR_REMOVED",
                "success",
                () -> post(adminA, "/api/v1/users/" + browserUser + "/second-factor/reset", null));

        // Administration.
        step(
                "POST /api/v1/users",
                adminA.id(),
                "USER_CREATED",
                "success",
                () -> post(
                        adminA,
                        "/api/v1/users",
                        Map.of(
                                "username",
                                "audit." + tag,
                                "displayName",
                                "Audit Person",
                                "role",
                                "nurse",
                                "password",
                                "amber lantern quietly drifting")));
        step(
                "PATCH /api/v1/users/{id}",
                adminA.id(),
                "USER_UPDATED",
                "success",
                () -> call(adminA, "PATCH", "/api/v1/users/" + zebedeeA.id(), Map.of("displayName", "Zeb A")));
        step(
                "POST /api/v1/users/{id}/sessions/end",
                adminA.id(),
                "TOKEN_REVOKED",
                "success",
                () -> post(adminA, "/api/v1/users/" + zebedeeA.id() + "/sessions/end", null));
        step(
                "POST /api/v1/orgs",
                systemAdmin.id(),
                "ORG_CREATED",
                "success",
                () -> post(
                        systemAdmin,
                        "/api/v1/orgs",
                        Map.of(
                                "name",
                                "Audited Clinic " + tag,
                                "admin",
                                Map.of(
                                        "username",
                                        "first." + tag,
                                        "displayName",
                                        "First Admin",
                                        "role",
                                        "admin",
                                        "password",
                                        "amber lantern quietly drifting"))));
        step(
                "POST /api/v1/patients",
                adminA.id(),
                "PATIENT_CREATED",
                "success",
                () -> post(
                        adminA,
                        "/api/v1/patients",
                        Map.of(
                                "mrn",
                                "AUD-" + tag,
                                "givenName",
                                "Audrey",
                                "familyName",
                                "Auditwell",
                                "birthDate",
                                "1950-01-01")));
        step(
                "POST /api/v1/patients/import",
                adminA.id(),
                "PATIENTS_IMPORTED",
                "success",
                () -> exec(
                        Probe.csv(
                                "/api/v1/patients/import",
                                "mrn,given_name,family_name,birth_date\n" + "IMPA-" + tag
                                        + ",Ivo,Imported,1960-06-06\n"),
                        adminA));
        String[] team = new String[1];
        step("POST /api/v1/teams", adminA.id(), "TEAM_CREATED", "success", () -> {
            Response r = post(adminA, "/api/v1/teams", Map.of("name", "Audited team " + tag, "memberIds", List.of()));
            team[0] = r.json().get("id").asString();
            return r;
        });
        step(
                "POST /api/v1/teams/{id}/members",
                adminA.id(),
                "TEAM_MEMBER_ADDED",
                "success",
                () -> post(adminA, "/api/v1/teams/" + team[0] + "/members", Map.of("userId", newcomer.id())));
        step(
                "DELETE /api/v1/teams/{id}/members/{userId}",
                adminA.id(),
                "TEAM_MEMBER_REMOVED",
                "success",
                () -> call(adminA, "DELETE", "/api/v1/teams/" + team[0] + "/members/" + newcomer.id(), null));
        step(
                "POST /api/v1/teams by a nurse",
                bob.id(),
                "TEAM_CREATED",
                "refused",
                () -> post(bob, "/api/v1/teams", Map.of("name", "Nope " + tag)));
        step("GET /api/v1/audit", adminA.id(), "AUDIT_SEARCHED", "success", () -> get(adminA, "/api/v1/audit"));
        step(
                "GET /api/v1/audit/export",
                adminA.id(),
                "AUDIT_EXPORTED",
                "success",
                () -> get(adminA, "/api/v1/audit/export?format=json"));
        step(
                "GET /api/v1/audit/verify",
                adminA.id(),
                "AUDIT_VERIFIED",
                "success",
                () -> get(adminA, "/api/v1/audit/verify"));

        // Clinical data: patients, conversations, messages, receipts, lists, catch-up.
        step(
                "POST /api/v1/patients/search",
                alice.id(),
                "PATIENTS_SEARCHED",
                "success",
                () -> post(alice, "/api/v1/patients/search", Map.of("q", "applewood")));
        step(
                "GET /api/v1/patients/{id}",
                alice.id(),
                "PATIENT_VIEWED",
                "success",
                () -> get(alice, "/api/v1/patients/" + patientA.id()));
        step(
                "POST /api/v1/conversations",
                alice.id(),
                "CONVERSATION_CREATED",
                "success",
                () -> post(
                        alice,
                        "/api/v1/conversations",
                        Map.of(
                                "kind",
                                "group",
                                "audience",
                                "staff",
                                "topic",
                                "Audited",
                                "memberIds",
                                List.of(bob.id()))));
        step(
                "GET /api/v1/conversations",
                alice.id(),
                "CONVERSATIONS_LISTED",
                "success",
                () -> get(alice, "/api/v1/conversations"));
        step("GET /api/v1/inbox", bob.id(), "CONVERSATIONS_LISTED", "success", () -> get(bob, "/api/v1/inbox"));
        step("GET /api/v1/conversations/{id}", bob.id(), "CONVERSATION_OPENED", "success", () -> get(bob, c));
        step(
                "PATCH /api/v1/conversations/{id}",
                alice.id(),
                "CONVERSATION_UPDATED",
                "success",
                () -> call(alice, "PATCH", c, Map.of("topic", "Renamed " + tag)));
        step(
                "PUT /api/v1/conversations/{id}/muted",
                bob.id(),
                "CONVERSATION_MUTED",
                "success",
                () -> call(bob, "PUT", c + "/muted", Map.of("muted", true)));
        // Filing needs an EHR connection (fhir/FilingScenarios proves its success row); here the refusal of a member
        // who is not an owner, which is audited before anything else is looked at.
        step(
                "POST /api/v1/conversations/{id}/file",
                bob.id(),
                "ACCESS_DENIED",
                "refused",
                () -> post(bob, c + "/file", Map.of()));
        step(
                "POST /api/v1/conversations/{id}/members",
                alice.id(),
                "MEMBER_ADDED",
                "success",
                () -> post(alice, c + "/members", Map.of("userId", newcomer.id())));
        step(
                "DELETE /api/v1/conversations/{id}/members/{userId}",
                alice.id(),
                "MEMBER_REMOVED",
                "success",
                () -> call(alice, "DELETE", c + "/members/" + newcomer.id(), null));
        long[] seq = new long[1];
        step("POST /api/v1/conversations/{conversationId}/messages", alice.id(), "MESSAGE_SENT", "success", () -> {
            Response r = post(alice, c + "/messages", Map.of("clientMsgId", "aud-" + tag, "body", "Audited text"));
            seq[0] = r.json().get("seq").asLong();
            return r;
        });
        step(
                "POST /api/v1/conversations/{conversationId}/delivered",
                bob.id(),
                "MESSAGE_DELIVERED",
                "success",
                () -> post(bob, c + "/delivered", Map.of("upTo", seq[0])));
        step(
                "POST /api/v1/conversations/{conversationId}/read",
                bob.id(),
                "MESSAGE_READ",
                "success",
                () -> post(bob, c + "/read", Map.of("upTo", seq[0])));
        step(
                "GET /api/v1/conversations/{conversationId}/messages",
                bob.id(),
                "CONVERSATION_OPENED",
                "success",
                () -> get(bob, c + "/messages"));
        step(
                "POST /api/v1/sync",
                bob.id(),
                "CONVERSATION_OPENED",
                "success",
                () -> post(bob, "/api/v1/sync", Map.of("cursors", List.of(Map.of("c", conversationA, "seq", 0)))));
        step(
                "DELETE /api/v1/conversations/{conversationId}/messages/{seq}",
                alice.id(),
                "MESSAGE_DELETED",
                "success",
                () -> call(alice, "DELETE", c + "/messages/" + seq[0], null));
        step("WebSocket resume", bob.id(), "CONVERSATION_OPENED", "success", () -> {
            try (WsClient socket = connect(bob)) {
                socket.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", conversationA, "seq", 0))));
                socket.awaitType("sync_complete", 10);
            }
            return new Response(200, null, "");
        });

        // Refusals: roles, conversation policy, membership, credentials.
        step(
                "POST /api/v1/users by a nurse",
                bob.id(),
                "USER_CREATED",
                "refused",
                () -> post(
                        bob,
                        "/api/v1/users",
                        Map.of(
                                "username",
                                "nope." + tag,
                                "displayName",
                                "Nope",
                                "role",
                                "nurse",
                                "password",
                                "amber lantern quietly drifting")));
        step(
                "POST /api/v1/patients by a clinician",
                alice.id(),
                "PATIENT_CREATED",
                "refused",
                () -> post(
                        alice,
                        "/api/v1/patients",
                        Map.of(
                                "mrn",
                                "NO-" + tag,
                                "givenName",
                                "No",
                                "familyName",
                                "Body",
                                "birthDate",
                                "1950-01-01")));
        step(
                "POST /api/v1/orgs by an organisation admin",
                adminA.id(),
                "ORG_CREATED",
                "refused",
                () -> post(
                        adminA,
                        "/api/v1/orgs",
                        Map.of(
                                "name",
                                "Nope " + tag,
                                "admin",
                                Map.of(
                                        "username",
                                        "nope2." + tag,
                                        "displayName",
                                        "N",
                                        "role",
                                        "admin",
                                        "password",
                                        "correct horse battery"))));
        step("GET /api/v1/audit by a nurse", bob.id(), "AUDIT_SEARCHED", "refused", () -> get(bob, "/api/v1/audit"));
        String oneWay = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Notices " + tag,
                                null,
                                false,
                                List.of(bob.id()),
                                null))
                .id();
        step(
                "send in a 1-way conversation by a non-owner",
                bob.id(),
                "MESSAGE_SENT",
                "refused",
                () -> post(
                        bob,
                        "/api/v1/conversations/" + oneWay + "/messages",
                        Map.of("clientMsgId", "no-" + tag, "body", "may I?")));
        step("send frame in a 1-way conversation by a non-owner", bob.id(), "MESSAGE_SENT", "refused", () -> {
            try (WsClient socket = connect(bob)) {
                socket.send(Map.of("type", "send", "id", "1", "c", oneWay, "clientMsgId", "nows-" + tag, "body", "?"));
                socket.await(f -> "result".equals(f.get("type").asString()), 10);
            }
            return new Response(403, null, "");
        });
        step(
                "settings change by a non-owner",
                bob.id(),
                "CONVERSATION_UPDATED",
                "refused",
                () -> call(bob, "PATCH", "/api/v1/conversations/" + oneWay, Map.of("acceptResponses", true)));
        long alicesSeq = sendText(alice, oneWay, "owner's notice");
        step(
                "delete of another's message by a non-owner",
                bob.id(),
                "MESSAGE_DELETED",
                "refused",
                () -> call(bob, "DELETE", "/api/v1/conversations/" + oneWay + "/messages/" + alicesSeq, null));
        step(
                "history read by a non-member",
                mallory.id(),
                "ACCESS_DENIED",
                "refused",
                () -> get(mallory, c + "/messages"));
        step("a revoked token", null, "ACCESS_DENIED", "refused", () -> get(newcomerTablet, "/api/v1/inbox"));
        BrowserSession second = login(username, PASSWORD);
        step(
                "a cookie call without its CSRF token",
                browserUser,
                "ACCESS_DENIED",
                "refused",
                () -> withCookie(
                        second,
                        "POST",
                        "/api/v1/conversations",
                        Map.of("kind", "group", "audience", "staff", "memberIds", List.of(bob.id())),
                        false));
        step(
                "metrics by a non-admin",
                bob.id(),
                "ACCESS_DENIED",
                "refused",
                () -> send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                        .header("Authorization", "Bearer " + bob.token())
                        .build()));

        // Attachments: uploads, reads of the file and of its thumbnail, and their refusals.
        String[] upload = new String[1];
        step(
                "POST /api/v1/conversations/{conversationId}/attachments",
                alice.id(),
                "ATTACHMENT_UPLOADED",
                "success",
                () -> {
                    Response r = exec(Probe.raw(c + "/attachments", "application/pdf", ApiRoute.MINIMAL_PDF), alice);
                    upload[0] = r.json().get("id").asString();
                    return r;
                });
        step(
                "an upload of a page dressed as a PDF",
                alice.id(),
                "ATTACHMENT_UPLOADED",
                "refused",
                () -> exec(Probe.raw(c + "/attachments", "application/pdf", "<html><script>x</script></html>"), alice));
        step(
                "GET /api/v1/conversations/{conversationId}/attachments/{attachmentId}",
                bob.id(),
                "ATTACHMENT_OPENED",
                "success",
                () -> get(bob, c + "/attachments/" + attachmentA));
        step(
                "GET /api/v1/conversations/{conversationId}/attachments/{attachmentId}/thumbnail",
                bob.id(),
                "ATTACHMENT_OPENED",
                "success",
                () -> get(bob, c + "/attachments/" + attachmentA + "/thumbnail"));
        step(
                "an attachment not yet sent, read by another member",
                bob.id(),
                "ATTACHMENT_OPENED",
                "refused",
                () -> get(bob, c + "/attachments/" + upload[0]));
        step(
                "an attachment read by a non-member",
                mallory.id(),
                "ACCESS_DENIED",
                "refused",
                () -> get(mallory, c + "/attachments/" + attachmentA));

        step(
                "PUT /api/v1/orgs/current/attachment-types",
                adminA.id(),
                "SETTINGS_CHANGED",
                "success",
                () -> call(
                        adminA,
                        "PUT",
                        "/api/v1/orgs/current/attachment-types",
                        Map.of("allowedTypes", List.of("image/jpeg", "image/png", "application/pdf"))));
        step(
                "PUT /api/v1/availability",
                bob.id(),
                "AVAILABILITY_CHANGED",
                "success",
                () -> call(bob, "PUT", "/api/v1/availability", Map.of("status", "busy")));

        step(
                "GET /api/v1/urgent/report",
                adminA.id(),
                "URGENT_REPORT_VIEWED",
                "success",
                () -> get(adminA, "/api/v1/urgent/report?from=0&to=86400000"));
        step(
                "PUT /api/v1/urgent/settings",
                adminA.id(),
                "URGENT_SETTINGS_CHANGED",
                "success",
                () -> call(
                        adminA,
                        "PUT",
                        "/api/v1/urgent/settings",
                        Map.of("escalateAfterMinutes", 10, "repeatEveryMinutes", 2)));
        step(
                "PUT /api/v1/urgent/mobile",
                bob.id(),
                "USER_UPDATED",
                "success",
                () -> call(bob, "PUT", "/api/v1/urgent/mobile", Map.of("mobile", "+447412000002")));
        String pager = direct(alice, bob);
        Response urgentSent = post(
                alice,
                "/api/v1/conversations/" + pager + "/messages",
                Map.of("clientMsgId", "urgent-" + tag, "body", "Please call me", "urgent", true));
        if (urgentSent.status() != 201) {
            missing.add("urgent send -> " + urgentSent.status() + " " + urgentSent.text());
        }
        step(
                "POST /api/v1/conversations/{conversationId}/messages/{seq}/acknowledge",
                bob.id(),
                "URGENT_ACKNOWLEDGED",
                "success",
                () -> post(
                        bob,
                        "/api/v1/conversations/" + pager + "/messages/"
                                + urgentSent.json().get("seq").asLong() + "/acknowledge",
                        null));

        // Contact requests (request A's reason belongs to team A: the admin and Alice).
        String request = "/api/v1/contact-requests/" + contactRequestA;
        step(
                "PUT /api/v1/orgs/current/contact-settings",
                adminA.id(),
                "SETTINGS_CHANGED",
                "success",
                () -> call(
                        adminA,
                        "PUT",
                        "/api/v1/orgs/current/contact-settings",
                        Map.of(
                                "acknowledgement",
                                "Thanks",
                                "closedAnswer",
                                "Closed",
                                "reasons",
                                List.of(Map.of("id", contactReasonA, "label", "Matrix reason", "teamId", teamA)))));
        step(
                "POST /api/v1/contact-requests",
                patientOfA.id(),
                "CONTACT_REQUEST_CREATED",
                "success",
                () -> post(patientOfA, "/api/v1/contact-requests", Map.of("reasonId", contactReasonA, "text", "Hi")));
        step(
                "POST /api/v1/public/contact-form/{orgId}",
                null,
                "CONTACT_REQUEST_CREATED",
                "success",
                () -> post(
                        null,
                        "/api/v1/public/contact-form/" + orgA.id(),
                        Map.of(
                                "givenName", "Audrey",
                                "familyName", "Form",
                                "birthDate", "1970-01-01",
                                "mobile", "+447412000004",
                                "reasonId", contactReasonA,
                                "text", "By the form")));
        step(
                "GET /api/v1/contact-requests/mine",
                patientOfA.id(),
                "CONTACT_REQUESTS_LISTED",
                "success",
                () -> get(patientOfA, "/api/v1/contact-requests/mine"));
        step(
                "POST /api/v1/contact-requests/queue",
                alice.id(),
                "CONTACT_REQUESTS_LISTED",
                "success",
                () -> post(alice, "/api/v1/contact-requests/queue", Map.of("tab", "in_progress")));
        step(
                "GET /api/v1/contact-requests/{id}",
                alice.id(),
                "CONTACT_REQUEST_OPENED",
                "success",
                () -> get(alice, request));
        step(
                "a contact request opened by staff outside its team",
                bob.id(),
                "CONTACT_REQUEST_OPENED",
                "refused",
                () -> get(bob, request));
        step(
                "GET /api/v1/contact-requests/{id}/messages",
                alice.id(),
                "CONTACT_REQUEST_OPENED",
                "success",
                () -> get(alice, request + "/messages"));
        step(
                "POST /api/v1/contact-requests/{id}/sms",
                bob.id(),
                "CONTACT_SMS_SENT",
                "refused",
                () -> post(bob, request + "/sms", Map.of("clientMsgId", "a-" + tag, "body", "Not his to text")));
        step(
                "POST /api/v1/contact-requests/{id}/replies",
                patientOfA.id(),
                "CONTACT_REPLY_SENT",
                "success",
                () -> post(patientOfA, request + "/replies", Map.of("clientMsgId", "r-" + tag, "body", "An answer")));
        step(
                "POST /api/v1/contact-requests/{id}/seen",
                alice.id(),
                "CONTACT_REQUEST_UPDATED",
                "success",
                () -> post(alice, request + "/seen", null));
        step(
                "PUT /api/v1/contact-requests/{id}/thread",
                alice.id(),
                "CONTACT_REQUEST_UPDATED",
                "success",
                () -> call(alice, "PUT", request + "/thread", Map.of("hidden", true)));
        step(
                "PUT /api/v1/contact-requests/{id}/assignee",
                alice.id(),
                "CONTACT_ASSIGNED",
                "success",
                () -> call(alice, "PUT", request + "/assignee", Map.of("userId", alice.id())));
        step(
                "POST /api/v1/contact-requests/{id}/status",
                alice.id(),
                "CONTACT_STATUS_CHANGED",
                "success",
                () -> post(alice, request + "/status", Map.of("status", "complete")));
        step(
                "POST /api/v1/contact-requests/{id}/conversation",
                alice.id(),
                "CONTACT_CONVERTED",
                "success",
                () -> post(alice, request + "/conversation", null));
        Patient relinked = patientRecord(orgA, "Lina", "Linked", "1966-06-06", null, null);
        step(
                "PUT /api/v1/contact-requests/{id}/patient",
                alice.id(),
                "CONTACT_LINKED",
                "success",
                () -> call(alice, "PUT", request + "/patient", Map.of("patientId", relinked.id())));
        consoleSteps(); // before the organisation requires a second factor, which would refuse the steps below

        step(
                "PATCH /api/v1/orgs/current",
                adminA.id(),
                "SETTINGS_CHANGED",
                "success",
                () -> call(adminA, "PATCH", "/api/v1/orgs/current", Map.of("requireSecondFactor", true)));

        SoftAssertions s = new SoftAssertions();
        s.assertThat(missing).as("operations without their audit row").isEmpty();
        Set<String> audited = new LinkedHashSet<>();
        for (ApiRoute route : routes()) {
            if (!NOT_AUDITED.containsKey(route.key)) {
                audited.add(route.key);
            }
        }
        s.assertThat(covered).as("audited routes this test must exercise").containsAll(audited);
        s.assertThat(NOT_AUDITED.keySet()).as("exempt routes that exist").allMatch(k -> ApiRoute.byKey(k) != null);
        // Every row names who, what and from where.
        s.assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND (type IS NULL OR outcome IS NULL "
                                + "OR occurred_at IS NULL OR (actor_id IS NOT NULL AND ip IS NULL))")
                        .param(orgA.id())
                        .query(Long.class)
                        .single())
                .as("rows missing a required field")
                .isZero();
        s.assertAll();
    }

    /** The admin console's own routes (issue #18): each is audited like its API equivalent. */
    void consoleSteps() {
        step(
                "PUT /api/v1/orgs/current/fhir",
                adminA.id(),
                "SETTINGS_CHANGED",
                "success",
                () -> call(adminA, "PUT", "/api/v1/orgs/current/fhir", ApiRoute.ehrSettings()));
        step(
                "POST /api/v1/orgs/current/fhir/check",
                adminA.id(),
                "FHIR_CONNECTION_CHECKED",
                "success",
                () -> post(adminA, "/api/v1/orgs/current/fhir/check", Map.of()));
        step(
                "PUT /api/v1/orgs/current/sso",
                adminA.id(),
                "SETTINGS_CHANGED",
                "success",
                () -> call(
                        adminA, "PUT", "/api/v1/orgs/current/sso", org.carechat.testing.SharedOidcProvider.settings()));
        step(
                "GET /api/v1/admin/staff",
                adminA.id(),
                "CONSOLE_VIEWED",
                "success",
                () -> get(adminA, "/api/v1/admin/staff"));
        step(
                "GET /api/v1/admin/figures",
                adminA.id(),
                "CONSOLE_VIEWED",
                "success",
                () -> get(adminA, "/api/v1/admin/figures"));
        step(
                "GET /api/v1/admin/system",
                adminA.id(),
                "CONSOLE_VIEWED",
                "success",
                () -> get(adminA, "/api/v1/admin/system"));
        step(
                "the staff directory, by a nurse",
                bob.id(),
                "CONSOLE_VIEWED",
                "refused",
                () -> get(bob, "/api/v1/admin/staff"));
        Staff forgetful = newStaff(orgA, Role.NURSE, "Fay Forgetful");
        step(
                "POST /api/v1/admin/staff/{id}/password-reset",
                adminA.id(),
                "USER_UPDATED",
                "success",
                () -> post(adminA, "/api/v1/admin/staff/" + forgetful.id() + "/password-reset", null));
        step(
                "GET /api/v1/admin/patients/{id}/account",
                adminA.id(),
                "PATIENT_VIEWED",
                "success",
                () -> get(adminA, "/api/v1/admin/patients/" + patientA.id() + "/account"));
        step(
                "POST /api/v1/admin/patients/{id}/account",
                adminA.id(),
                "USER_UPDATED",
                "success",
                () -> post(
                        adminA,
                        "/api/v1/admin/patients/" + patientA.id() + "/account",
                        Map.of("accountId", duplicateAccountA)));
        step(
                "POST /api/v1/patients/import/check",
                adminA.id(),
                "PATIENTS_IMPORT_CHECKED",
                "success",
                () -> send(HttpRequest.newBuilder(URI.create(url("/api/v1/patients/import/check")))
                        .header("Authorization", "Bearer " + adminA.token())
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "mrn,given_name,family_name,birth_date\nCHK-" + tag + ",Ivy,Check,1975-05-06\n"))
                        .build()));
        step(
                "PUT /api/v1/patients/{id}",
                adminA.id(),
                "PATIENT_UPDATED",
                "success",
                () -> call(
                        adminA,
                        "PUT",
                        "/api/v1/patients/" + patientA.id(),
                        Map.of(
                                "mrn",
                                patientA.mrn(),
                                "givenName",
                                patientA.givenName(),
                                "familyName",
                                patientA.familyName(),
                                "birthDate",
                                patientA.birthDate())));
        step(
                "a patient record corrected by a nurse",
                bob.id(),
                "PATIENT_UPDATED",
                "refused",
                () -> call(
                        bob,
                        "PUT",
                        "/api/v1/patients/" + patientA.id(),
                        Map.of("mrn", "X-1", "givenName", "X", "familyName", "Y", "birthDate", "1961-03-04")));
        step(
                "PUT /api/v1/account/preferences",
                bob.id(),
                "PREFERENCES_CHANGED",
                "success",
                () -> call(
                        bob, "PUT", "/api/v1/account/preferences", Map.of("messageAlerts", true, "urgentSms", true)));
        step(
                "PUT /api/v1/push/settings",
                bob.id(),
                "ALERT_SETTINGS_CHANGED",
                "success",
                () -> call(bob, "PUT", "/api/v1/push/settings", Map.of("sound", true, "push", "all")));
        step(
                "PUT /api/v1/push/subscription",
                bob.id(),
                "PUSH_SUBSCRIBED",
                "success",
                () -> call(
                        bob,
                        "PUT",
                        "/api/v1/push/subscription",
                        Map.of(
                                "endpoint",
                                "https://push.example.invalid/send/audit",
                                "keys",
                                Map.of(
                                        "p256dh",
                                        "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                                        "auth",
                                        "tBHItJI5svbpez7KI4CCXg"))));
        step(
                "DELETE /api/v1/push/subscription",
                bob.id(),
                "PUSH_UNSUBSCRIBED",
                "success",
                () -> call(bob, "DELETE", "/api/v1/push/subscription", null));
        Staff heldUser = newStaff(orgA, Role.NURSE, "Hal Held");
        step(
                "POST /api/v1/retention/holds",
                adminA.id(),
                "LEGAL_HOLD_PLACED",
                "success",
                () -> post(
                        adminA,
                        "/api/v1/retention/holds",
                        Map.of("targetType", "user", "targetId", heldUser.id(), "reason", "Case 2027-114")));
        step(
                "GET /api/v1/retention/holds",
                adminA.id(),
                "CONSOLE_VIEWED",
                "success",
                () -> get(adminA, "/api/v1/retention/holds"));
        step(
                "POST /api/v1/retention/holds/release",
                adminA.id(),
                "LEGAL_HOLD_RELEASED",
                "success",
                () -> post(
                        adminA,
                        "/api/v1/retention/holds/release",
                        Map.of("targetType", "user", "targetId", heldUser.id(), "reason", "Case closed")));
        String retention = "/api/v1/conversations/" + conversationA + "/retention";
        step(
                "GET /api/v1/conversations/{id}/retention",
                bob.id(),
                "CONVERSATION_OPENED",
                "success",
                () -> get(bob, retention));
        step(
                "PUT /api/v1/conversations/{id}/retention",
                bob.id(),
                "RETENTION_OVERRIDE_CHANGED",
                "refused",
                () -> call(bob, "PUT", retention, Map.of("days", 30)));
        step(
                "PUT /api/v1/conversations/{id}/retention",
                alice.id(),
                "RETENTION_OVERRIDE_CHANGED",
                "success",
                () -> call(alice, "PUT", retention, Map.of("days", 30)));
        step(
                "DELETE /api/v1/conversations/{id}/retention",
                alice.id(),
                "RETENTION_OVERRIDE_CHANGED",
                "success",
                () -> call(alice, "DELETE", retention, null));
        Patient discharged = patientRecord(orgA, "Dora", "Discharged", "1950-01-01", null, null);
        step(
                "POST /api/v1/patients/{id}/discharge",
                adminA.id(),
                "PATIENT_DISCHARGED",
                "success",
                () -> post(adminA, "/api/v1/patients/" + discharged.id() + "/discharge", null));
        step(
                "GET /api/v1/patients/{id}/export",
                adminA.id(),
                "PATIENT_EXPORTED",
                "success",
                () -> get(adminA, "/api/v1/patients/" + discharged.id() + "/export"));
        step(
                "POST /api/v1/patients/{id}/erase",
                alice.id(),
                "PATIENT_ERASED",
                "refused",
                () -> post(alice, "/api/v1/patients/" + discharged.id() + "/erase", Map.of("reason", "Request 12")));
        step(
                "POST /api/v1/patients/{id}/erase",
                adminA.id(),
                "PATIENT_ERASED",
                "success",
                () -> post(adminA, "/api/v1/patients/" + discharged.id() + "/erase", Map.of("reason", "Request 12")));
    }
}
