package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.org.Organisation;
import org.carechat.patient.NewPatient;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.team.CareTeamService;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Two organisations side by side for the access-control scenarios.
 *
 * <p>Organisation A: an admin, Alice (clinician, owner of a group conversation with Bob, linked to a patient,
 * holding one message), Bob (nurse, member), Mallory (clinician, same organisation, not a member) and a staff
 * member and a patient both named Zebedee (so that searches for "zeb" have something to find at home).
 * Organisation B: an admin, Zed and Zara, a patient, a conversation and a message; every name there contains
 * "Quagmire", which nothing in organisation A does, so any of B's rows in A's answers is visible in the raw text.
 */
abstract class AccessFixture extends ServerTest {

    static final String FOREIGN_MARK = "Quagmire";

    /**
     * A refusal is answered at once; this bound only separates "at once" from "stuck behind a lock" (SQLite's busy
     * timeout is 30 s) on a loaded machine.
     */
    static final long PROMPT_MILLIS = 10_000;

    @Autowired
    PatientService patients;

    @Autowired
    CareTeamService teams;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    Organisation orgA;
    Staff adminA;
    Staff alice;
    Staff bob;
    Staff mallory;
    Staff zebedeeA;
    Patient patientA;
    /** The account of a second record of patientA's person (the same date of birth): what a record is linked to. */
    String duplicateAccountA;

    String conversationA;
    String topicA;
    String textA;
    long seqA;
    String bobTokenId;
    String adminTokenId;

    Organisation orgB;
    Staff adminB;
    Staff zed;
    Staff zara;
    Patient patientB;
    String conversationB;
    String topicB;
    String textB;
    String zedTokenId;
    String teamA;
    String teamB;
    String attachmentA;
    Staff patientOfA;
    String contactReasonA;
    String contactRequestA;
    String contactTextA;
    String contactRequestB;

    @BeforeEach
    void twoOrganisations() {
        orgA = newOrg();
        adminA = newStaff(orgA, Role.ADMIN, "Ada Administrator");
        alice = newStaff(orgA, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(orgA, Role.NURSE, "Bob Brown");
        mallory = newStaff(orgA, Role.CLINICIAN, "Mallory Meddler");
        zebedeeA = newStaff(orgA, Role.STAFF, "Zebedee Aardvark");
        patientA = patients.create(
                asCurrent(adminA), new NewPatient("ZA-" + tag, "Zebedee", "Applewood", "1961-03-04", null, null));
        duplicateAccountA = patientAccount(patients.create(
                        asCurrent(adminA),
                        new NewPatient("ZD-" + tag, "Zebedee", "Applewood", "1961-03-04", null, null)))
                .id();
        topicA = "TopicA " + tag;
        textA = "SecretA " + tag;
        conversationA = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                topicA,
                                patientA.id(),
                                true,
                                List.of(bob.id()),
                                null))
                .id();
        attachmentA = sendImage(alice, conversationA);
        seqA = sendText(alice, conversationA, textA);
        bobTokenId = tokens.issueDeviceToken(bob.user(), "bob's tablet").id();
        teamA = teams.create(asCurrent(adminA), "Team A " + tag, List.of(adminA.id(), alice.id()))
                .id();
        adminTokenId =
                tokens.issueDeviceToken(adminA.user(), "admin's second device").id();

        orgB = newOrg();
        adminB = newStaff(orgB, Role.ADMIN, "Bea " + FOREIGN_MARK);
        zed = newStaff(orgB, Role.CLINICIAN, "Zebedee " + FOREIGN_MARK);
        zara = newStaff(orgB, Role.NURSE, "Zara " + FOREIGN_MARK);
        patientB = patients.create(
                asCurrent(adminB),
                new NewPatient(
                        "ZB-" + tag,
                        "Zebedee",
                        FOREIGN_MARK,
                        "1972-08-09",
                        "+447412900123",
                        "zebedee@quagmire.example"));
        topicB = FOREIGN_MARK + " ward " + tag;
        textB = FOREIGN_MARK + " secret " + tag;
        conversationB = conversations
                .create(
                        asCurrent(zed),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                topicB,
                                patientB.id(),
                                true,
                                List.of(zara.id()),
                                null))
                .id();
        sendText(zed, conversationB, textB);
        zedTokenId = tokens.issueDeviceToken(zed.user(), "zed's phone").id();
        teamB = teams.create(asCurrent(adminB), FOREIGN_MARK + " team " + tag, List.of(zed.id()))
                .id();

        // A contact request in each organisation; A's reason belongs to team A (the admin and Alice).
        // The requester's record is not patientA, which the console's link probe needs without an account.
        patientOfA = patientAccount(patients.create(
                asCurrent(adminA), new NewPatient("ZC-" + tag, "Zelda", "Applewood", "1962-04-05", null, null)));
        contactReasonA = contactReason(adminA, "Matrix reason", teamA);
        contactTextA = "ContactA " + tag;
        contactRequestA = raiseContactRequest(patientOfA, contactReasonA, contactTextA);
        assertThat(post(
                                alice,
                                "/api/v1/contact-requests/" + contactRequestA + "/status",
                                Map.of("status", "in_progress"))
                        .status())
                .isEqualTo(204);
        contactRequestB = raiseContactRequest(
                patientAccount(patientB), contactReason(adminB, FOREIGN_MARK + " reason", null), FOREIGN_MARK + " ask");
    }

    /** Sets the organisation's one contact reason (owned by {@code teamId}, or by nobody); returns its id. */
    String contactReason(Staff admin, String label, String teamId) {
        java.util.Map<String, Object> reason = new java.util.HashMap<>();
        reason.put("label", label);
        if (teamId != null) {
            reason.put("teamId", teamId);
        }
        Response r = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of("acknowledgement", "", "closedAnswer", "", "reasons", List.of(reason)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("reasons").get(0).get("id").asString();
    }

    /** A contact request raised in the patient app by {@code patient}; returns its id. */
    String raiseContactRequest(Staff patient, String reasonId, String text) {
        Response r = post(patient, "/api/v1/contact-requests", Map.of("reasonId", reasonId, "text", text));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.string("id");
    }

    /** What anyone who may not see contact request A must never learn from an answer. */
    List<String> contactRequestASecrets() {
        return List.of(contactTextA, patientA.id(), patientA.mrn(), patientA.familyName(), patientOfA.id());
    }

    /** What a non-member must never learn about conversation A. */
    List<String> conversationASecrets() {
        return List.of(
                topicA,
                textA,
                alice.id(),
                bob.id(),
                alice.name(),
                bob.name(),
                patientA.id(),
                patientA.mrn(),
                patientA.familyName());
    }

    /** Everything of organisation B that organisation A must never see. */
    List<String> organisationBSecrets() {
        List<String> secrets = new ArrayList<>(List.of(
                FOREIGN_MARK,
                orgB.id(),
                orgB.name(),
                adminB.id(),
                zed.id(),
                zara.id(),
                patientB.id(),
                patientB.mrn(),
                conversationB,
                topicB,
                textB,
                zedTokenId,
                zed.token(),
                teamB,
                contactRequestB));
        for (Staff s : List.of(adminB, zed, zara)) {
            secrets.add(s.user().username());
        }
        return secrets;
    }

    /** Ids for a caller's probes on conversation A, with Bob as the user named by a route. */
    Targets targetsOnConversationA(Staff caller) {
        return new Targets(
                caller.id(),
                conversationA,
                seqA,
                bob.id(),
                patientA.id(),
                bobTokenId,
                patientB.mrn(),
                teamA,
                attachmentA,
                duplicateAccountA,
                new Targets.Contact(orgA.id(), contactRequestA, contactReasonA, teamA));
    }

    /** Uploads a small PNG to {@code conversation} and sends it with a text; returns the attachment id. */
    String sendImage(Staff from, String conversation) {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(
                    new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Response uploaded =
                send(HttpRequest.newBuilder(URI.create(url("/api/v1/conversations/" + conversation + "/attachments")))
                        .header("Authorization", "Bearer " + from.token())
                        .header("X-File-Name", "wound.png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()))
                        .build());
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        String id = uploaded.string("id");
        Response sent = post(
                from,
                "/api/v1/conversations/" + conversation + "/messages",
                java.util.Map.of(
                        "clientMsgId",
                        UUID.randomUUID().toString(),
                        "body",
                        "photo attached",
                        "attachments",
                        List.of(id)));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        return id;
    }

    /** "METHOD pattern" of every handler method the server serves under /api/. */
    Set<String> servedRoutes() {
        Set<String> served = new TreeSet<>();
        handlerMapping
                .getHandlerMethods()
                .forEach((info, method) -> info.getPatternValues().stream()
                        .filter(p -> p.startsWith("/api/"))
                        .forEach(p -> {
                            if (info.getMethodsCondition().getMethods().isEmpty()) {
                                served.add("ANY " + p);
                            }
                            info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + p));
                        }));
        return served;
    }

    /** The served routes, each with its entry of the access table; fails on a route the table does not list. */
    List<ApiRoute> routes() {
        List<ApiRoute> routes = new ArrayList<>();
        for (String key : servedRoutes()) {
            ApiRoute route = ApiRoute.byKey(key);
            assertThat(route)
                    .as("%s is served but not in the access table ApiRoute", key)
                    .isNotNull();
            routes.add(route);
        }
        return routes;
    }

    void eachProbe(Targets targets, BiConsumer<ApiRoute, Probe> check) {
        for (ApiRoute route : routes()) {
            route.probes(targets).forEach(probe -> check.accept(route, probe));
        }
    }

    void eachRouteTaking(ApiRoute.Takes what, Consumer<ApiRoute> check) {
        routes().stream().filter(route -> route.takes(what)).forEach(check);
    }

    Staff newSystemAdmin(Organisation org) {
        User user = transactions.write(() -> users.createByOperator(
                org.id(),
                new NewUser(
                        "sys" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                        "Sys Admin",
                        Role.ADMIN,
                        null,
                        false),
                true));
        return new Staff(user, tokens.issueDeviceToken(user, "test").secret());
    }

    Response exec(Probe probe, Staff as) {
        return exec(probe, as == null ? null : "Bearer " + as.token(), null);
    }

    /** Sends {@code probe} with the given Authorization and Cookie headers (either may be null). */
    Response exec(Probe probe, String authorization, String cookie) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url(probe.path()))).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (probe.body() != null) {
            request.header("Content-Type", probe.contentType())
                    .method(probe.method(), HttpRequest.BodyPublishers.ofString(probe.body()));
        } else {
            request.method(probe.method(), HttpRequest.BodyPublishers.noBody());
        }
        return send(request.build());
    }

    /** The problem detail of a refusal with {@code id} replaced, to compare refusals of different ids. */
    static String detail(Response r, String id) {
        String detail = r.json() == null || r.json().get("detail") == null
                ? r.text()
                : r.json().get("detail").asString();
        return detail.replace(id, "<id>");
    }

    static String randomId() {
        return UUID.randomUUID().toString();
    }
}
