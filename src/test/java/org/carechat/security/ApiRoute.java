package org.carechat.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every REST route of the API and what it must refuse: the table the access-control scenarios check against the
 * routes the server actually serves. A route the server serves that is missing here fails
 * {@code everyApiRouteIsListedInTheAccessTable}: add it with its guard, the ids it takes and a concrete request.
 */
enum ApiRoute {
    SIGN_IN(
            "POST /api/v1/auth/login",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                            "POST",
                            "/api/v1/auth/login",
                            Map.of("username", Probe.unique("nobody"), "password", "not the right password")),
                    Probe.json("POST", "/api/v1/auth/login", Map.of("username", ""))
                            .anonymously(400))),
    ISSUE_TOKEN(
            "POST /api/v1/auth/token",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                            "POST",
                            "/api/v1/auth/token",
                            Map.of(
                                    "username",
                                    Probe.unique("nobody"),
                                    "password",
                                    "not the right password",
                                    "deviceName",
                                    "laptop")),
                    Probe.json("POST", "/api/v1/auth/token", Map.of("password", "x"))
                            .anonymously(400))),
    SECOND_FACTOR_SIGN_IN(
            "POST /api/v1/auth/login/second-factor",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                            "POST",
                            "/api/v1/auth/login/second-factor",
                            Map.of("challenge", Probe.unique("ch_"), "code", "123456")),
                    Probe.json("POST", "/api/v1/auth/login/second-factor", Map.of("code", "1"))
                            .anonymously(400))),
    SECOND_FACTOR_TOKEN(
            "POST /api/v1/auth/token/second-factor",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                            "POST",
                            "/api/v1/auth/token/second-factor",
                            Map.of("challenge", Probe.unique("ch_"), "code", "123456")),
                    Probe.json("POST", "/api/v1/auth/token/second-factor", Map.of())
                            .anonymously(400))),
    PATIENT_CODE(
            "POST /api/v1/patient-access/codes",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                                    "POST",
                                    "/api/v1/patient-access/codes",
                                    Map.of("contact", "someone@", "birthDate", "1970-01-01"))
                            .anonymously(400),
                    Probe.json("POST", "/api/v1/patient-access/codes", Map.of("contact", ""))
                            .anonymously(400))),
    PATIENT_SIGN_IN(
            "POST /api/v1/patient-access/sign-in",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                            "POST",
                            "/api/v1/patient-access/sign-in",
                            Map.of("request", Probe.unique("pc_"), "code", "123456")),
                    Probe.json("POST", "/api/v1/patient-access/sign-in", Map.of("code", "1"))
                            .anonymously(400))),
    PATIENT_PASSWORD_SIGN_IN(
            "POST /api/v1/patient-access/password-sign-in",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                            "POST",
                            "/api/v1/patient-access/password-sign-in",
                            Map.of(
                                    "contact",
                                    Probe.unique("nobody.") + "@example.org",
                                    "birthDate",
                                    "1970-01-01",
                                    "password",
                                    "not the right password")),
                    Probe.json("POST", "/api/v1/patient-access/password-sign-in", Map.of("contact", "x"))
                            .anonymously(400))),
    CHOOSE_PATIENT_PASSWORD(
            "POST /api/v1/patient-access/password",
            Guard.PATIENT,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST", "/api/v1/patient-access/password", Map.of("newPassword", "a long enough passphrase")))),
    WHO_AM_I(
            "GET /api/v1/auth/me",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/auth/me"))),
    SIGN_OUT(
            "POST /api/v1/auth/logout",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json("POST", "/api/v1/auth/logout", null))),
    CHANGE_PASSWORD(
            "POST /api/v1/auth/password",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/auth/password",
                    Map.of("currentPassword", "old password 123", "newPassword", "a brand new passphrase")))),
    LIST_TOKENS(
            "GET /api/v1/auth/tokens",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/auth/tokens"))),
    REVOKE_TOKEN(
            "DELETE /api/v1/auth/tokens/{id}",
            Guard.SIGNED_IN,
            Set.of(Takes.TOKEN),
            t -> List.of(Probe.delete("/api/v1/auth/tokens/" + t.token()))),
    WIPE_OWN_TOKEN(
            "POST /api/v1/auth/tokens/{id}/wipe",
            Guard.SIGNED_IN,
            Set.of(Takes.TOKEN),
            t -> List.of(Probe.json("POST", "/api/v1/auth/tokens/" + t.token() + "/wipe", null))),

    SECOND_FACTOR_SETUP(
            "POST /api/v1/auth/second-factor/setup",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json("POST", "/api/v1/auth/second-factor/setup", null))),
    SECOND_FACTOR_CONFIRM(
            "POST /api/v1/auth/second-factor/confirm",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json("POST", "/api/v1/auth/second-factor/confirm", Map.of("code", "000000")))),
    SECOND_FACTOR_REMOVE(
            "POST /api/v1/auth/second-factor/remove",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json("POST", "/api/v1/auth/second-factor/remove", Map.of("code", "000000")))),

    CREATE_USER(
            "POST /api/v1/users",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/users",
                    Map.of(
                            "username",
                            Probe.unique("new."),
                            "displayName",
                            "New Starter",
                            "role",
                            "nurse",
                            "password",
                            "amber lantern quietly drifting",
                            "mustChangePassword",
                            true)))),
    LIST_USERS(
            "GET /api/v1/users",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(
                    Probe.get("/api/v1/users"),
                    Probe.get("/api/v1/users?q=zeb"),
                    Probe.get("/api/v1/users?q=quagmire"))),
    GET_USER(
            "GET /api/v1/users/{id}",
            Guard.SIGNED_IN,
            Set.of(Takes.USER),
            t -> List.of(Probe.get("/api/v1/users/" + t.user()))),
    UPDATE_USER(
            "PATCH /api/v1/users/{id}",
            Guard.ADMIN,
            Set.of(Takes.USER),
            t -> List.of(Probe.json("PATCH", "/api/v1/users/" + t.user(), Map.of("displayName", "Renamed Person")))),
    END_USER_SESSIONS(
            "POST /api/v1/users/{id}/sessions/end",
            Guard.ADMIN,
            Set.of(Takes.USER),
            t -> List.of(Probe.json("POST", "/api/v1/users/" + t.user() + "/sessions/end", null))),
    USER_DEVICES(
            "GET /api/v1/users/{id}/devices",
            Guard.ADMIN,
            Set.of(Takes.USER),
            t -> List.of(Probe.get("/api/v1/users/" + t.user() + "/devices"))),
    WIPE_USER_DEVICES(
            "POST /api/v1/users/{id}/wipe",
            Guard.ADMIN,
            Set.of(Takes.USER),
            t -> List.of(Probe.json("POST", "/api/v1/users/" + t.user() + "/wipe", Map.of()))),

    RESET_SECOND_FACTOR(
            "POST /api/v1/users/{id}/second-factor/reset",
            Guard.ADMIN,
            Set.of(Takes.USER),
            t -> List.of(Probe.json("POST", "/api/v1/users/" + t.user() + "/second-factor/reset", null))),

    CREATE_ORGANISATION(
            "POST /api/v1/orgs",
            Guard.SYSTEM_ADMIN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/orgs",
                    Map.of(
                            "name",
                            Probe.unique("Clinic "),
                            "admin",
                            Map.of(
                                    "username",
                                    Probe.unique("boss."),
                                    "displayName",
                                    "First Admin",
                                    "role",
                                    "admin",
                                    "password",
                                    "amber lantern quietly drifting"))))),
    CURRENT_ORGANISATION(
            "GET /api/v1/orgs/current",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/orgs/current"))),

    ORGANISATION_SETTINGS(
            "PATCH /api/v1/orgs/current",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.json("PATCH", "/api/v1/orgs/current", Map.of("requireSecondFactor", false)))),
    ATTACHMENT_TYPES(
            "GET /api/v1/orgs/current/attachment-types",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/orgs/current/attachment-types"))),
    NARROW_ATTACHMENT_TYPES(
            "PUT /api/v1/orgs/current/attachment-types",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.json(
                    "PUT",
                    "/api/v1/orgs/current/attachment-types",
                    Map.of(
                            "allowedTypes",
                            List.of(
                                    "image/jpeg",
                                    "image/png",
                                    "image/heic",
                                    "image/heif",
                                    "image/webp",
                                    "application/pdf"))))),
    CREATE_PATIENT(
            "POST /api/v1/patients",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/patients",
                    Map.of(
                            "mrn",
                            Probe.unique("NEW-"),
                            "givenName",
                            "Nina",
                            "familyName",
                            "Newcombe",
                            "birthDate",
                            "1980-02-03")))),
    IMPORT_PATIENTS(
            "POST /api/v1/patients/import",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.csv(
                    "/api/v1/patients/import",
                    "mrn,given_name,family_name,birth_date,mobile,email\n" + Probe.unique("IMP-")
                            + ",Ivy,Importwell,1975-05-06,,\n"))),
    SEARCH_PATIENTS(
            "POST /api/v1/patients/search",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(
                    Probe.json("POST", "/api/v1/patients/search", Map.of("q", "zeb")),
                    Probe.json("POST", "/api/v1/patients/search", Map.of("q", "quagmire")),
                    Probe.json("POST", "/api/v1/patients/search", Map.of("q", t.mrn())))),
    GET_PATIENT(
            "GET /api/v1/patients/{id}",
            Guard.SIGNED_IN,
            Set.of(Takes.PATIENT),
            t -> List.of(Probe.get("/api/v1/patients/" + t.patient()))),

    CREATE_CONVERSATION(
            "POST /api/v1/conversations",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/conversations",
                    Map.of(
                            "kind",
                            "group",
                            "audience",
                            "staff",
                            "topic",
                            "New group",
                            "memberIds",
                            List.of(t.user()))))),
    LIST_CONVERSATIONS(
            "GET /api/v1/conversations",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/conversations"))),
    GET_CONVERSATION(
            "GET /api/v1/conversations/{id}",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.get("/api/v1/conversations/" + t.conversation()))),
    UPDATE_CONVERSATION(
            "PATCH /api/v1/conversations/{id}",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json(
                    "PATCH", "/api/v1/conversations/" + t.conversation(), Map.of("topic", "Hijacked topic")))),
    ADD_MEMBER(
            "POST /api/v1/conversations/{id}/members",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json(
                    "POST", "/api/v1/conversations/" + t.conversation() + "/members", Map.of("userId", t.self())))),
    MUTE_CONVERSATION(
            "PUT /api/v1/conversations/{id}/muted",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(
                    Probe.json("PUT", "/api/v1/conversations/" + t.conversation() + "/muted", Map.of("muted", true)))),
    REMOVE_MEMBER(
            "DELETE /api/v1/conversations/{id}/members/{userId}",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION, Takes.USER),
            t -> List.of(Probe.delete("/api/v1/conversations/" + t.conversation() + "/members/" + t.user()))),

    SEND_MESSAGE(
            "POST /api/v1/conversations/{conversationId}/messages",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json(
                    "POST", messages(t), Map.of("clientMsgId", Probe.unique("m-"), "body", "Written by the caller")))),
    MESSAGE_HISTORY(
            "GET /api/v1/conversations/{conversationId}/messages",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.get(messages(t)), Probe.get(messages(t) + "?after=0"))),
    // before DELETE_MESSAGE, which deletes the message it names
    READERS(
            "GET /api/v1/conversations/{conversationId}/messages/{seq}/readers",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.get(messages(t) + "/" + t.seq() + "/readers"))),
    DELETE_MESSAGE(
            "DELETE /api/v1/conversations/{conversationId}/messages/{seq}",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.delete(messages(t) + "/" + t.seq()))),

    UPLOAD_ATTACHMENT(
            "POST /api/v1/conversations/{conversationId}/attachments",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.raw(attachments(t), "application/pdf", ApiRoute.MINIMAL_PDF))),
    ATTACHMENT(
            "GET /api/v1/conversations/{conversationId}/attachments/{attachmentId}",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.get(attachments(t) + "/" + t.attachment()))),
    ATTACHMENT_THUMBNAIL(
            "GET /api/v1/conversations/{conversationId}/attachments/{attachmentId}/thumbnail",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.get(attachments(t) + "/" + t.attachment() + "/thumbnail"))),

    ACKNOWLEDGE_URGENT(
            "POST /api/v1/conversations/{conversationId}/messages/{seq}/acknowledge",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json("POST", messages(t) + "/" + t.seq() + "/acknowledge", null))),
    MARK_DELIVERED(
            "POST /api/v1/conversations/{conversationId}/delivered",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json(
                    "POST", "/api/v1/conversations/" + t.conversation() + "/delivered", Map.of("upTo", t.seq())))),
    MARK_READ(
            "POST /api/v1/conversations/{conversationId}/read",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json(
                    "POST", "/api/v1/conversations/" + t.conversation() + "/read", Map.of("upTo", t.seq())))),
    TYPING(
            "POST /api/v1/conversations/{conversationId}/typing",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json("POST", "/api/v1/conversations/" + t.conversation() + "/typing", null))),
    MARKERS(
            "GET /api/v1/conversations/{conversationId}/markers",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.get("/api/v1/conversations/" + t.conversation() + "/markers"))),

    CREATE_TEAM(
            "POST /api/v1/teams",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST", "/api/v1/teams", Map.of("name", Probe.unique("Team "), "memberIds", List.of(t.self()))))),
    LIST_TEAMS("GET /api/v1/teams", Guard.SIGNED_IN, Set.of(Takes.OWN_SCOPE), t -> List.of(Probe.get("/api/v1/teams"))),
    GET_TEAM(
            "GET /api/v1/teams/{id}",
            Guard.SIGNED_IN,
            Set.of(Takes.TEAM),
            t -> List.of(Probe.get("/api/v1/teams/" + t.team()))),
    ADD_TEAM_MEMBER(
            "POST /api/v1/teams/{id}/members",
            Guard.ADMIN,
            Set.of(Takes.TEAM),
            t -> List.of(Probe.json("POST", "/api/v1/teams/" + t.team() + "/members", Map.of("userId", t.self())))),
    REMOVE_TEAM_MEMBER(
            "DELETE /api/v1/teams/{id}/members/{userId}",
            Guard.ADMIN,
            Set.of(Takes.TEAM),
            t -> List.of(Probe.delete("/api/v1/teams/" + t.team() + "/members/" + t.self()))),

    AUDIT_SEARCH(
            "GET /api/v1/audit",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/audit"), Probe.get("/api/v1/audit?limit=1000"))),
    AUDIT_EXPORT(
            "GET /api/v1/audit/export",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/audit/export?format=csv"), Probe.get("/api/v1/audit/export?format=json"))),
    AUDIT_VERIFY(
            "GET /api/v1/audit/verify",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/audit/verify"))),
    LIST_AVAILABILITY(
            "GET /api/v1/availability",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/availability"))),
    SET_AVAILABILITY(
            "PUT /api/v1/availability",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json("PUT", "/api/v1/availability", Map.of("status", "busy")))),
    LIST_URGENT(
            "GET /api/v1/urgent", Guard.SIGNED_IN, Set.of(Takes.OWN_SCOPE), t -> List.of(Probe.get("/api/v1/urgent"))),
    URGENT_REPORT(
            "GET /api/v1/urgent/report",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/urgent/report?from=" + (System.currentTimeMillis() - 30L * 86_400_000)
                    + "&to=" + (System.currentTimeMillis() + 86_400_000)))),
    URGENT_SETTINGS(
            "PUT /api/v1/urgent/settings",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.json(
                    "PUT",
                    "/api/v1/urgent/settings",
                    Map.of("escalateAfterMinutes", 10, "repeatEveryMinutes", 2, "escalationContactId", t.self())))),
    URGENT_MOBILE(
            "PUT /api/v1/urgent/mobile",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json("PUT", "/api/v1/urgent/mobile", Map.of("mobile", "+447412000001")))),
    CONTACT_REASONS(
            "GET /api/v1/contact-reasons",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/contact-reasons"))),
    RAISE_CONTACT_REQUEST(
            "POST /api/v1/contact-requests",
            Guard.PATIENT,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/contact-requests",
                    Map.of("reasonId", t.contact().reason(), "text", "Raised by the caller")))),
    OWN_CONTACT_REQUESTS(
            "GET /api/v1/contact-requests/mine",
            Guard.PATIENT,
            Set.of(),
            t -> List.of(Probe.get("/api/v1/contact-requests/mine"))),
    CONTACT_QUEUE(
            "POST /api/v1/contact-requests/queue",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(
                    Probe.json("POST", "/api/v1/contact-requests/queue", Map.of()),
                    Probe.json("POST", "/api/v1/contact-requests/queue", Map.of("tab", "new_messages")),
                    Probe.json("POST", "/api/v1/contact-requests/queue", Map.of("q", "zeb")),
                    Probe.json("POST", "/api/v1/contact-requests/queue", Map.of("q", "quagmire")))),
    CONTACT_COUNTS(
            "GET /api/v1/contact-requests/counts",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/contact-requests/counts"))),
    CONTACT_REQUEST(
            "GET /api/v1/contact-requests/{id}",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.get(contact(t)))),
    CONTACT_MESSAGES(
            "GET /api/v1/contact-requests/{id}/messages",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.get(contact(t) + "/messages"), Probe.get(contact(t) + "/messages?after=0"))),
    CONTACT_SMS(
            "POST /api/v1/contact-requests/{id}/sms",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.json(
                    "POST", contact(t) + "/sms", Map.of("clientMsgId", Probe.unique("s-"), "body", "Texted")))),
    CONTACT_REPLY(
            "POST /api/v1/contact-requests/{id}/replies",
            Guard.PATIENT,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.json(
                    "POST", contact(t) + "/replies", Map.of("clientMsgId", Probe.unique("r-"), "body", "Answered")))),
    CONTACT_STATUS(
            "POST /api/v1/contact-requests/{id}/status",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.json("POST", contact(t) + "/status", Map.of("status", "in_progress")))),
    CONTACT_ASSIGNEE(
            "PUT /api/v1/contact-requests/{id}/assignee",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.json("PUT", contact(t) + "/assignee", Map.of("userId", t.self())))),
    CONTACT_SEEN(
            "POST /api/v1/contact-requests/{id}/seen",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.json("POST", contact(t) + "/seen", null))),
    CONTACT_THREAD(
            "PUT /api/v1/contact-requests/{id}/thread",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.json("PUT", contact(t) + "/thread", Map.of("hidden", true)))),
    CONTACT_LINK(
            "PUT /api/v1/contact-requests/{id}/patient",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST, Takes.PATIENT),
            t -> List.of(Probe.json("PUT", contact(t) + "/patient", Map.of("patientId", t.patient())))),
    CONTACT_CONVERT(
            "POST /api/v1/contact-requests/{id}/conversation",
            Guard.SIGNED_IN,
            Set.of(Takes.CONTACT_REQUEST),
            t -> List.of(Probe.json("POST", contact(t) + "/conversation", null))),
    CONTACT_SETTINGS(
            "GET /api/v1/orgs/current/contact-settings",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/orgs/current/contact-settings"))),
    CHANGE_CONTACT_SETTINGS(
            "PUT /api/v1/orgs/current/contact-settings",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.json(
                    "PUT",
                    "/api/v1/orgs/current/contact-settings",
                    Map.of(
                            "acknowledgement",
                            "Thank you, we have your message.",
                            "closedAnswer",
                            "This chat is closed: please call the practice.",
                            "reasons",
                            List.of(Map.of(
                                    "id",
                                    t.contact().reason(),
                                    "label",
                                    "Matrix reason",
                                    "teamId",
                                    t.contact().team())))))),
    PUBLIC_CONTACT_FORM(
            "GET /api/v1/public/contact-form/{orgId}",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(Probe.get("/api/v1/public/contact-form/" + t.contact().org())
                    .anonymously(200))),
    SEND_PUBLIC_CONTACT_FORM(
            "POST /api/v1/public/contact-form/{orgId}",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.json(
                                    "POST",
                                    "/api/v1/public/contact-form/" + t.contact().org(),
                                    Map.of(
                                            "givenName", "Fay",
                                            "familyName", "Former",
                                            "birthDate", "1970-01-01",
                                            "mobile", "+447412000003",
                                            "reasonId", t.contact().reason(),
                                            "text", "Sent by the public form"))
                            .anonymously(202),
                    Probe.json(
                                    "POST",
                                    "/api/v1/public/contact-form/" + t.contact().org(),
                                    Map.of("text", "x"))
                            .anonymously(400))),
    URGENT_SETTINGS_READ(
            "GET /api/v1/urgent/settings",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/urgent/settings"))),
    URGENT_MOBILE_READ(
            "GET /api/v1/urgent/mobile",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/urgent/mobile"))),
    SSO_PROVIDERS(
            "GET /api/v1/public/sso",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(Probe.get("/api/v1/public/sso").anonymously(200))),
    PATIENT_SIGN_IN_OPTIONS(
            "GET /api/v1/public/patient-sign-in",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(Probe.get("/api/v1/public/patient-sign-in").anonymously(200))),
    SSO_SETTINGS_READ(
            "GET /api/v1/orgs/current/sso",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/orgs/current/sso"))),
    SSO_SETTINGS(
            "PUT /api/v1/orgs/current/sso",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(
                    Probe.json("PUT", "/api/v1/orgs/current/sso", org.carechat.testing.SharedOidcProvider.settings()))),
    SSO_SIGN_OUT(
            "GET /api/v1/auth/sso-sign-out",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/auth/sso-sign-out"))),
    EHR_CONNECTION_READ(
            "GET /api/v1/orgs/current/fhir",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/orgs/current/fhir"))),
    EHR_CONNECTION(
            "PUT /api/v1/orgs/current/fhir",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.json("PUT", "/api/v1/orgs/current/fhir", ehrSettings()))),
    EHR_CONNECTION_CHECK(
            "POST /api/v1/orgs/current/fhir/check",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.json("POST", "/api/v1/orgs/current/fhir/check", Map.of()))),
    EHR_PUBLIC_KEY(
            "GET /api/v1/public/fhir/{orgId}/jwks",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(Probe.get("/api/v1/public/fhir/01890000-0000-7000-8000-000000000000/jwks")
                    .anonymously(404))),
    EHR_LAUNCH(
            "GET /api/v1/public/fhir/launch",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.get("/api/v1/public/fhir/launch?iss=https%3A%2F%2Fehr.invalid%2Ffhir&launch=x")
                            .anonymously(404),
                    Probe.get("/api/v1/public/fhir/launch?launch=x").anonymously(400))),
    EHR_LAUNCH_CALLBACK(
            "GET /api/v1/public/fhir/launch/callback",
            Guard.PUBLIC,
            Set.of(),
            t -> List.of(
                    Probe.get("/api/v1/public/fhir/launch/callback?code=c&state=s")
                            .anonymously(400),
                    Probe.get("/api/v1/public/fhir/launch/callback?state=s").anonymously(400))),
    FILE_CONVERSATION(
            "POST /api/v1/conversations/{id}/file",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.json("POST", "/api/v1/conversations/" + t.conversation() + "/file", null))),
    ORGANISATION_PROFILE(
            "GET /api/v1/orgs/current/profile",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/orgs/current/profile"))),
    SECOND_FACTOR_STATE(
            "GET /api/v1/auth/second-factor",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/auth/second-factor"))),
    PREFERENCES(
            "GET /api/v1/account/preferences",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/account/preferences"))),
    CHANGE_PREFERENCES(
            "PUT /api/v1/account/preferences",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json(
                    "PUT", "/api/v1/account/preferences", Map.of("messageAlerts", true, "urgentSms", false)))),
    CONSOLE_STAFF(
            "GET /api/v1/admin/staff",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/admin/staff"), Probe.get("/api/v1/admin/staff?q=zeb"))),
    CONSOLE_PASSWORD_RESET(
            "POST /api/v1/admin/staff/{id}/password-reset",
            Guard.ADMIN,
            Set.of(Takes.USER),
            t -> List.of(Probe.json("POST", "/api/v1/admin/staff/" + t.user() + "/password-reset", null))),
    CONSOLE_PATIENT_ACCOUNT(
            "GET /api/v1/admin/patients/{id}/account",
            Guard.ADMIN,
            Set.of(Takes.PATIENT),
            t -> List.of(Probe.get("/api/v1/admin/patients/" + t.patient() + "/account"))),
    CONSOLE_LINK_ACCOUNT(
            "POST /api/v1/admin/patients/{id}/account",
            Guard.ADMIN,
            Set.of(Takes.PATIENT),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/admin/patients/" + t.patient() + "/account",
                    Map.of("accountId", t.patientAccount())))),
    CONSOLE_FIGURES(
            "GET /api/v1/admin/figures",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/admin/figures"))),
    CONSOLE_SYSTEM(
            "GET /api/v1/admin/system",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/admin/system"))),
    CHECK_PATIENT_IMPORT(
            "POST /api/v1/patients/import/check",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.csv(
                    "/api/v1/patients/import/check",
                    "mrn,given_name,family_name,birth_date,mobile,email\n" + Probe.unique("CHK-")
                            + ",Ivy,Checkwell,1975-05-06,,\n"))),
    UPDATE_PATIENT(
            "PUT /api/v1/patients/{id}",
            Guard.ADMIN,
            Set.of(Takes.PATIENT),
            t -> List.of(Probe.json(
                    "PUT",
                    "/api/v1/patients/" + t.patient(),
                    Map.of(
                            "mrn",
                            "P-" + t.patient(),
                            "givenName",
                            "Zebedee",
                            "familyName",
                            "Applewood",
                            "birthDate",
                            "1961-03-04")))),
    LEGAL_HOLDS(
            "GET /api/v1/retention/holds",
            Guard.ADMIN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/retention/holds"))),
    PLACE_LEGAL_HOLD(
            "POST /api/v1/retention/holds",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/retention/holds",
                    Map.of("targetType", "conversation", "targetId", t.conversation(), "reason", "Case 2027-114")))),
    RELEASE_LEGAL_HOLD(
            "POST /api/v1/retention/holds/release",
            Guard.ADMIN,
            Set.of(),
            t -> List.of(Probe.json(
                    "POST",
                    "/api/v1/retention/holds/release",
                    Map.of("targetType", "conversation", "targetId", t.conversation(), "reason", "Case closed")))),
    DISCHARGE_PATIENT(
            "POST /api/v1/patients/{id}/discharge",
            Guard.ADMIN,
            Set.of(Takes.PATIENT),
            t -> List.of(Probe.json("POST", "/api/v1/patients/" + t.patient() + "/discharge", null))),
    EXPORT_PATIENT(
            "GET /api/v1/patients/{id}/export",
            Guard.ADMIN,
            Set.of(Takes.PATIENT),
            t -> List.of(Probe.get("/api/v1/patients/" + t.patient() + "/export"))),
    CONVERSATION_RETENTION(
            "GET /api/v1/conversations/{id}/retention",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.get("/api/v1/conversations/" + t.conversation() + "/retention"))),
    SET_CONVERSATION_RETENTION(
            "PUT /api/v1/conversations/{id}/retention",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(
                    Probe.json("PUT", "/api/v1/conversations/" + t.conversation() + "/retention", Map.of("days", 30)))),
    CLEAR_CONVERSATION_RETENTION(
            "DELETE /api/v1/conversations/{id}/retention",
            Guard.SIGNED_IN,
            Set.of(Takes.CONVERSATION),
            t -> List.of(Probe.delete("/api/v1/conversations/" + t.conversation() + "/retention"))),
    PUSH_KEY(
            "GET /api/v1/push/key",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/push/key"))),
    PUSH_SUBSCRIBE(
            "PUT /api/v1/push/subscription",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.json(
                    "PUT",
                    "/api/v1/push/subscription",
                    Map.of(
                            "endpoint",
                            "https://push.example.invalid/send/probe",
                            "keys",
                            Map.of(
                                    "p256dh",
                                    "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                                    "auth",
                                    "tBHItJI5svbpez7KI4CCXg"))))),
    PUSH_UNSUBSCRIBE(
            "DELETE /api/v1/push/subscription",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(Probe.delete("/api/v1/push/subscription"))),
    PUSH_SETTINGS_READ(
            "GET /api/v1/push/settings",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(Probe.get("/api/v1/push/settings"))),
    PUSH_SETTINGS(
            "PUT /api/v1/push/settings",
            Guard.SIGNED_IN,
            Set.of(),
            t -> List.of(
                    Probe.json("PUT", "/api/v1/push/settings", Map.of("sound", true, "push", "urgent_and_direct")))),
    INBOX("GET /api/v1/inbox", Guard.SIGNED_IN, Set.of(Takes.OWN_SCOPE), t -> List.of(Probe.get("/api/v1/inbox"))),
    SYNC(
            "POST /api/v1/sync",
            Guard.SIGNED_IN,
            Set.of(Takes.OWN_SCOPE),
            t -> List.of(
                    Probe.json("POST", "/api/v1/sync", Map.of()),
                    Probe.json(
                            "POST",
                            "/api/v1/sync",
                            Map.of("cursors", List.of(Map.of("c", t.conversation(), "seq", 0)))))),
    /** Last: an admin's allowed probe erases the patient and shreds their conversation, which no later probe needs. */
    ERASE_PATIENT(
            "POST /api/v1/patients/{id}/erase",
            Guard.ADMIN,
            Set.of(Takes.PATIENT),
            t -> List.of(Probe.json(
                    "POST", "/api/v1/patients/" + t.patient() + "/erase", Map.of("reason", "Erasure request 12"))));

    /**
     * The routes a patient's account may call (identity/PatientRoutes); every other route refuses a patient with 403.
     * Within them, a patient is limited like any member, and by the privacy rules.
     */
    static final Set<ApiRoute> PATIENT_ROUTES = EnumSet.of(
            WHO_AM_I,
            SIGN_OUT,
            LIST_TOKENS,
            REVOKE_TOKEN,
            WIPE_OWN_TOKEN,
            INBOX,
            LIST_CONVERSATIONS,
            GET_CONVERSATION,
            SEND_MESSAGE,
            MESSAGE_HISTORY,
            MARK_DELIVERED,
            MARK_READ,
            TYPING,
            MARKERS,
            READERS,
            SYNC,
            UPLOAD_ATTACHMENT,
            ATTACHMENT,
            ATTACHMENT_THUMBNAIL,
            CONTACT_REASONS,
            CONTACT_REQUEST,
            CONTACT_MESSAGES,
            ORGANISATION_PROFILE);

    /** Who may call a route at all. */
    enum Guard {
        /** Anyone: sign-in itself. Wrong credentials answer 401, bad input 400. */
        PUBLIC,
        /**
         * Any signed-in staff member, and a patient when the route is in {@link #PATIENT_ROUTES} (what they then see
         * is limited by membership and organisation).
         */
        SIGNED_IN,
        /** An admin of the caller's organisation; others get 403. */
        ADMIN,
        /** A system administrator of the installation; others, organisation admins included, get 403. */
        SYSTEM_ADMIN,
        /** A patient's own account; staff get 403. */
        PATIENT
    }

    /** What a route names or returns, which decides the refusals it owes. */
    /**
     * EHR settings whose addresses refuse at once (a closed port on this machine), so that checking them answers
     * quickly with the failure; saved by {@link #EHR_CONNECTION}, which comes before {@link #EHR_CONNECTION_CHECK}.
     */
    static Map<String, Object> ehrSettings() {
        return Map.of(
                "enabled", false,
                "baseUrl", "https://127.0.0.1:9/fhir",
                "tokenUrl", "https://127.0.0.1:9/oauth2/token",
                "clientId", "carechat-backend",
                "scopes", "system/Patient.read",
                "syncIntervalSeconds", 900);
    }

    enum Takes {
        /** A conversation id in the path: non-members and other organisations get 404. */
        CONVERSATION,
        /** A user id in the path: another organisation's user is 404. */
        USER,
        /** A patient id in the path: another organisation's patient is 404. */
        PATIENT,
        /** A session or token id in the path: anyone else's token is 404. */
        TOKEN,
        /** A care team id in the path: another organisation's team is 404. */
        TEAM,
        /**
         * A contact request id in the path: staff outside the care team that owns its reason (admins aside), other
         * organisations and other patients get 404.
         */
        CONTACT_REQUEST,
        /** Lists or searches within the caller's own scope: must never return another organisation's rows. */
        OWN_SCOPE
    }

    final String key;
    final Guard guard;
    final Set<Takes> takes;
    private final Function<Targets, List<Probe>> probes;

    ApiRoute(String key, Guard guard, Set<Takes> takes, Function<Targets, List<Probe>> probes) {
        this.key = key;
        this.guard = guard;
        this.takes = takes.isEmpty() ? EnumSet.noneOf(Takes.class) : EnumSet.copyOf(takes);
        this.probes = probes;
    }

    List<Probe> probes(Targets targets) {
        return probes.apply(targets);
    }

    boolean takes(Takes what) {
        return takes.contains(what);
    }

    String method() {
        return key.substring(0, key.indexOf(' '));
    }

    String pattern() {
        return key.substring(key.indexOf(' ') + 1);
    }

    static ApiRoute byKey(String key) {
        for (ApiRoute route : values()) {
            if (route.key.equals(key)) {
                return route;
            }
        }
        return null;
    }

    /** A PDF an upload accepts, small enough to be a probe's text body. */
    static final String MINIMAL_PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

    private static String attachments(Targets t) {
        return "/api/v1/conversations/" + t.conversation() + "/attachments";
    }

    private static String contact(Targets t) {
        return "/api/v1/contact-requests/" + t.contactRequest();
    }

    private static String messages(Targets t) {
        return "/api/v1/conversations/" + t.conversation() + "/messages";
    }
}
