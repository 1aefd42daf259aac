package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.testing.Response;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.server.PathContainer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * "Every REST route refuses an unauthenticated caller and a non-member, and no query can return another
 * organisation's rows", route by route: the routes come from the server's own handler mapping, and each is
 * looked up in {@link ApiRoute} for the refusals it owes. Runs on both databases (see the subclasses).
 */
@Timeout(600)
abstract class AccessControlScenarios extends AccessFixture {

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyApiRouteIsListedInTheAccessTable() {
        Set<String> served = servedRoutes();
        Set<String> listed = new TreeSet<>();
        for (ApiRoute route : ApiRoute.values()) {
            listed.add(route.key);
        }
        assertThat(served)
                .as("routes served under /api/ but missing from ApiRoute")
                .isSubsetOf(listed);
        assertThat(listed).as("ApiRoute entries the server does not serve").isSubsetOf(served);
        assertThat(served).hasSize(ApiRoute.values().length).hasSize(128);
        SoftAssertions.assertSoftly(s -> {
            for (ApiRoute route : routes()) {
                var pattern = PathPatternParser.defaultInstance.parse(route.pattern());
                for (Probe probe : route.probes(targetsOnConversationA(alice))) {
                    s.assertThat(probe.method()).as("%s", probe).isEqualTo(route.method());
                    s.assertThat(pattern.matches(PathContainer.parsePath(probe.pathOnly())))
                            .as("%s matches %s", probe, route.pattern())
                            .isTrue();
                }
            }
        });
    }

    @Test
    void everyApiRouteRefusesAnUnauthenticatedCaller() {
        SoftAssertions.assertSoftly(s -> eachProbe(targetsOnConversationA(alice), (route, probe) -> {
            Response r = exec(probe, null, null);
            s.assertThat(r.status())
                    .as("%s without credentials: %s", probe, r.text())
                    .isEqualTo(probe.anonymousStatus());
            conversationASecrets()
                    .forEach(secret -> s.assertThat(r.text()).as("%s", probe).doesNotContain(secret));
        }));
    }

    @Test
    void everyApiRouteRefusesBogusMalformedOrEndedCredentials() {
        Staff ended = newStaff(orgA, Role.NURSE, "Eddie Ended");
        assertThat(post(ended, "/api/v1/auth/logout", null).status()).isEqualTo(204);
        Staff disabled = newStaff(orgA, Role.NURSE, "Dora Disabled");
        assertThat(call(adminA, "PATCH", "/api/v1/users/" + disabled.id(), Map.of("disabled", true))
                        .status())
                .isEqualTo(200);
        String random = "cc_"
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.UTF_8));
        Map<String, String[]> credentials = Map.of(
                "an unknown bearer token", new String[] {"Bearer " + random, null},
                "a malformed bearer token", new String[] {"Bearer not-a-token", null},
                "an unknown session cookie", new String[] {null, "__Host-carechat_session=" + random},
                "a signed-out token", new String[] {"Bearer " + ended.token(), null},
                "a disabled account's token", new String[] {"Bearer " + disabled.token(), null});
        SoftAssertions.assertSoftly(s -> eachProbe(
                targetsOnConversationA(alice),
                (route, probe) -> credentials.forEach((what, headers) -> {
                    Response r = exec(probe, headers[0], headers[1]);
                    s.assertThat(r.status())
                            .as("%s with %s: %s", probe, what, r.text())
                            .isEqualTo(probe.anonymousStatus());
                })));
    }

    @Test
    void everyConversationRouteHidesTheConversationFromANonMemberOfTheSameOrganisation() {
        SoftAssertions s = new SoftAssertions();
        int probes = assertConversationAHiddenFrom(mallory, s);
        // Each refusal of an existing conversation is audited (ConversationService.requireMember).
        s.assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ACCESS_DENIED' AND outcome = 'refused' "
                                + "AND actor_id = ? AND conversation_id = ?")
                        .params(mallory.id(), conversationA)
                        .query(Long.class)
                        .single())
                .as("audited refusals of the non-member")
                .isEqualTo(probes);
        s.assertAll();
    }

    @Test
    void everyConversationRouteHidesTheConversationFromAnotherOrganisationsStaff() {
        SoftAssertions s = new SoftAssertions();
        assertConversationAHiddenFrom(zed, s);
        s.assertAll();
    }

    /**
     * 404 on every conversation route, promptly, indistinguishable from an unknown id, nothing leaked, nothing
     * changed; the same requests by a member succeed.
     *
     * @return how many requests were refused
     */
    int assertConversationAHiddenFrom(Staff caller, SoftAssertions s) {
        String unknown = randomId();
        int refused = 0;
        for (ApiRoute route : routes()) {
            if (!route.takes(ApiRoute.Takes.CONVERSATION)) {
                continue;
            }
            List<Probe> probes = route.probes(targetsOnConversationA(caller));
            List<Probe> unknownProbes =
                    route.probes(targetsOnConversationA(caller).withConversation(unknown));
            for (int i = 0; i < probes.size(); i++) {
                Probe probe = probes.get(i);
                long start = System.nanoTime();
                Response r = exec(probe, caller);
                long millis = (System.nanoTime() - start) / 1_000_000;
                refused++;
                s.assertThat(r.status())
                        .as("%s by %s: %s", probe, caller.name(), r.text())
                        .isEqualTo(404);
                s.assertThat(millis)
                        .as("%s by %s answered after %d ms", probe, caller.name(), millis)
                        .isLessThan(PROMPT_MILLIS);
                String answer = r.text().replace(probe.pathOnly(), "<request path>");
                for (String secret : conversationASecrets()) {
                    s.assertThat(answer).as("%s by %s", probe, caller.name()).doesNotContain(secret);
                }
                Response u = exec(unknownProbes.get(i), caller);
                s.assertThat(detail(r, conversationA))
                        .as("%s: same refusal as for an unknown id", probe)
                        .isEqualTo(detail(u, unknown));
            }
        }
        var details = get(alice, "/api/v1/conversations/" + conversationA).json();
        s.assertThat(details.get("conversation").get("topic").asString()).isEqualTo(topicA);
        s.assertThat(details.get("conversation").get("lastSeq").asLong()).isEqualTo(seqA);
        s.assertThat(details.get("members")
                        .valueStream()
                        .map(m -> m.get("userId").asString()))
                .containsExactlyInAnyOrder(alice.id(), bob.id());
        // The refusals were about the caller, not the request: the same requests by the owner succeed.
        eachRouteTaking(ApiRoute.Takes.CONVERSATION, route -> {
            for (Probe probe : route.probes(targetsOnConversationA(alice))) {
                Response r = exec(probe, alice);
                s.assertThat(succeededPastAccessControl(route, r.status()))
                        .as("%s by the owner: %s", probe, r.text())
                        .isTrue();
            }
        });
        return refused;
    }

    /**
     * Contact request A's reason belongs to team A (the admin and Alice): Bob and Mallory of the same organisation,
     * staff of another organisation and another patient get 404 on every contact request route, promptly, like an
     * unknown id, learning nothing; the refusals of those who could see that it exists are audited. Alice and the
     * admin may (the SMS route then answers that this server has no SMS centre).
     */
    @Test
    void everyContactRequestRouteHidesTheRequestFromStaffOutsideItsTeamOtherOrganisationsAndOtherPatients() {
        Staff otherPatient = patientAccount(patientRecord(orgA, "Olive", "Other", "1950-05-05", null, null));
        String unknown = randomId();
        SoftAssertions s = new SoftAssertions();
        for (Staff caller : List.of(bob, mallory, zed, otherPatient)) {
            eachRouteTaking(ApiRoute.Takes.CONTACT_REQUEST, route -> {
                List<Probe> probes = route.probes(targetsOnConversationA(caller));
                List<Probe> unknowns =
                        route.probes(targetsOnConversationA(caller).withContactRequest(unknown));
                for (int i = 0; i < probes.size(); i++) {
                    Probe probe = probes.get(i);
                    long start = System.nanoTime();
                    Response r = exec(probe, caller);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    boolean staffOnlyForPatient = caller == otherPatient
                            && route.guard != ApiRoute.Guard.PATIENT
                            && !ApiRoute.PATIENT_ROUTES.contains(route);
                    boolean patientOnlyForStaff = caller != otherPatient && route.guard == ApiRoute.Guard.PATIENT;
                    s.assertThat(r.status())
                            .as("%s by %s: %s", probe, caller.name(), r.text())
                            .isEqualTo(staffOnlyForPatient || patientOnlyForStaff ? 403 : 404);
                    s.assertThat(millis).as("%s by %s", probe, caller.name()).isLessThan(PROMPT_MILLIS);
                    String answer = r.text().replace(probe.pathOnly(), "<request path>");
                    contactRequestASecrets()
                            .forEach(secret ->
                                    s.assertThat(answer).as("%s", probe).doesNotContain(secret));
                    if (r.status() == 404) {
                        s.assertThat(detail(r, contactRequestA))
                                .as("%s: same refusal as for an unknown id", probe)
                                .isEqualTo(detail(exec(unknowns.get(i), caller), unknown));
                    }
                }
            });
        }
        s.assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE outcome = 'refused' AND target_id = ? "
                                + "AND actor_id IN (?, ?)")
                        .params(contactRequestA, bob.id(), mallory.id())
                        .query(Long.class)
                        .single())
                .as("audited refusals of staff outside the team")
                .isPositive();
        for (Staff allowed : List.of(alice, adminA)) {
            eachRouteTaking(ApiRoute.Takes.CONTACT_REQUEST, route -> {
                if (route.guard == ApiRoute.Guard.PATIENT) {
                    return;
                }
                for (Probe probe : route.probes(targetsOnConversationA(allowed))) {
                    Response r = exec(probe, allowed);
                    s.assertThat(r.status())
                            .as("%s by %s: %s", probe, allowed.name(), r.text())
                            .isIn(200, 201, 204, route == ApiRoute.CONTACT_SMS ? 409 : 200);
                }
            });
        }
        s.assertThat(get(patientOfA, "/api/v1/contact-requests/" + contactRequestA)
                        .status())
                .as("its own patient sees it")
                .isEqualTo(200);
        s.assertAll();
    }

    @Test
    void everyRouteTakingAUserPatientOrTokenIdAnswersNotFoundForAnotherOrganisationsId() {
        SoftAssertions.assertSoftly(s -> {
            for (ApiRoute route : routes()) {
                String foreignId = route.takes(ApiRoute.Takes.USER)
                        ? zed.id()
                        : route.takes(ApiRoute.Takes.PATIENT)
                                ? patientB.id()
                                : route.takes(ApiRoute.Takes.TOKEN)
                                        ? zedTokenId
                                        : route.takes(ApiRoute.Takes.TEAM) ? teamB : null;
                if (foreignId == null) {
                    continue;
                }
                Staff caller = route.takes(ApiRoute.Takes.CONVERSATION) ? alice : adminA;
                Targets foreign = targetsOnConversationA(caller)
                        .withUser(zed.id())
                        .withPatient(patientB.id())
                        .withToken(zedTokenId)
                        .withTeam(teamB);
                String unknown = randomId();
                Targets unknowns = foreign.withUser(unknown)
                        .withPatient(unknown)
                        .withToken(unknown)
                        .withTeam(unknown);
                List<Probe> probes = route.probes(foreign);
                for (int i = 0; i < probes.size(); i++) {
                    Probe probe = probes.get(i);
                    Response r = exec(probe, caller);
                    s.assertThat(r.status())
                            .as("%s by %s: %s", probe, caller.name(), r.text())
                            .isEqualTo(404);
                    String answer = r.text().replace(probe.pathOnly(), "<request path>");
                    for (String secret : organisationBSecrets()) {
                        if (!secret.equals(foreignId)) {
                            s.assertThat(answer).as("%s", probe).doesNotContain(secret);
                        }
                    }
                    Response u = exec(route.probes(unknowns).get(i), caller);
                    s.assertThat(detail(r, foreignId))
                            .as("%s: same refusal as for an unknown id", probe)
                            .isEqualTo(detail(u, unknown));
                }
                // With an id of the caller's own organisation the same request succeeds.
                for (Probe probe : route.probes(targetsOnConversationA(caller).withToken(adminTokenId))) {
                    Response r = exec(probe, caller);
                    s.assertThat(succeededPastAccessControl(route, r.status()))
                            .as("%s by %s: %s", probe, caller.name(), r.text())
                            .isTrue();
                }
            }
            // Nor can anyone end another user's session of their own organisation.
            s.assertThat(exec(Probe.delete("/api/v1/auth/tokens/" + bobTokenId), adminA)
                            .status())
                    .isEqualTo(404);
        });
        assertThat(get(zed, "/api/v1/auth/me").status()).isEqualTo(200);
        assertThat(get(adminB, "/api/v1/users/" + zed.id()).string("displayName"))
                .isEqualTo(zed.name());
    }

    @Test
    void everyRefusalOfAnotherOrganisationsIdOrOfAnUnknownIdIsAuditedOnceAndAlike() {
        SoftAssertions s = new SoftAssertions();
        for (ApiRoute route : routes()) {
            boolean conversation = route.takes(ApiRoute.Takes.CONVERSATION);
            String foreignId = conversation
                    ? conversationA
                    : route.takes(ApiRoute.Takes.USER)
                            ? zed.id()
                            : route.takes(ApiRoute.Takes.PATIENT)
                                    ? patientB.id()
                                    : route.takes(ApiRoute.Takes.TOKEN)
                                            ? zedTokenId
                                            : route.takes(ApiRoute.Takes.TEAM) ? teamB : null;
            if (foreignId == null) {
                continue;
            }
            // Organisation B's admin on A's conversation; A's admin on B's user, patient, token, team.
            Staff caller = conversation ? adminB : adminA;
            Targets foreign = (conversation ? targetsOnConversationA(caller) : targetsOnConversationA(alice))
                    .withUser(zed.id())
                    .withPatient(patientB.id())
                    .withToken(zedTokenId)
                    .withTeam(teamB);
            String unknown = randomId();
            Targets unknowns = foreign.withConversation(conversation ? unknown : conversationA)
                    .withUser(unknown)
                    .withPatient(unknown)
                    .withToken(unknown)
                    .withTeam(unknown);
            if (conversation) {
                foreign = foreign.withConversation(conversationA);
            }
            List<Probe> probes = route.probes(foreign);
            for (int i = 0; i < probes.size(); i++) {
                Map<String, Object> foreignRow = refusalOf(caller, probes.get(i));
                Map<String, Object> unknownRow =
                        refusalOf(caller, route.probes(unknowns).get(i));
                s.assertThat(foreignRow)
                        .as("%s with another organisation's id", probes.get(i))
                        .isNotNull();
                s.assertThat(unknownRow)
                        .as("%s with an unknown id", probes.get(i))
                        .isNotNull();
                if (foreignRow != null && unknownRow != null) {
                    s.assertThat(String.valueOf(foreignRow.get("details")).replace(foreignId, "<id>"))
                            .as("%s: audited alike", probes.get(i))
                            .isEqualTo(String.valueOf(unknownRow.get("details")).replace(unknown, "<id>"));
                    s.assertThat(foreignRow.get("org_id"))
                            .isEqualTo(caller.user().orgId());
                }
            }
        }
        String unknown = randomId();
        for (String id : List.of(zed.id(), unknown)) {
            s.assertThat(refusalOf(
                            alice,
                            Probe.json(
                                    "POST",
                                    "/api/v1/conversations",
                                    Map.of("kind", "group", "audience", "staff", "memberIds", List.of(id)))))
                    .as("a conversation with member %s", id)
                    .isNotNull();
            s.assertThat(refusalOf(
                            alice,
                            Probe.json(
                                    "POST",
                                    "/api/v1/conversations/" + conversationA + "/members",
                                    Map.of("userId", id))))
                    .as("adding member %s", id)
                    .isNotNull();
        }
        s.assertAll();
    }

    /**
     * Runs {@code probe} as {@code caller} and returns the one refusal row it added ({@code ACCESS_DENIED}, refused,
     * reason {@code not_found}), or null when it added none or more than one.
     */
    Map<String, Object> refusalOf(Staff caller, Probe probe) {
        String query = "SELECT id, org_id, target_type, details FROM audit_event WHERE actor_id = ? AND type = "
                + "'ACCESS_DENIED' AND outcome = 'refused' AND details LIKE '%not_found%'";
        Set<String> before = new TreeSet<>(jdbc.sql(query)
                .param(caller.id())
                .query((rs, n) -> rs.getString(1))
                .list());
        Response r = exec(probe, caller);
        if (r.status() != 404 && r.status() != 400) {
            return null;
        }
        // Refusals are written after the answer's transaction: wait briefly for the row.
        long deadline = System.currentTimeMillis() + 5_000;
        List<Map<String, Object>> added;
        do {
            added = jdbc.sql(query).param(caller.id()).query().listOfRows().stream()
                    .filter(row -> !before.contains((String) row.get("id")))
                    .toList();
        } while (added.isEmpty() && System.currentTimeMillis() < deadline);
        return added.size() == 1 ? added.getFirst() : null;
    }

    @Test
    void foreignIdsInRequestBodiesAreRefusedExactlyLikeUnknownIds() {
        String unknown = randomId();
        Map<String, Object> withZed = Map.of("kind", "group", "audience", "staff", "memberIds", List.of(zed.id()));
        Map<String, Object> withUnknown = Map.of("kind", "group", "audience", "staff", "memberIds", List.of(unknown));
        assertSameRefusal(
                post(alice, "/api/v1/conversations", withZed),
                zed.id(),
                post(alice, "/api/v1/conversations", withUnknown),
                unknown,
                400);
        Map<String, Object> aboutB = Map.of(
                "kind", "group", "audience", "staff", "memberIds", List.of(bob.id()), "patientId", patientB.id());
        Map<String, Object> aboutUnknown =
                Map.of("kind", "group", "audience", "staff", "memberIds", List.of(bob.id()), "patientId", unknown);
        assertSameRefusal(
                post(alice, "/api/v1/conversations", aboutB),
                patientB.id(),
                post(alice, "/api/v1/conversations", aboutUnknown),
                unknown,
                404);
        String members = "/api/v1/conversations/" + conversationA + "/members";
        assertSameRefusal(
                post(alice, members, Map.of("userId", zed.id())),
                zed.id(),
                post(alice, members, Map.of("userId", unknown)),
                unknown,
                400);
        assertThat(get(alice, "/api/v1/conversations")
                        .json()
                        .valueStream()
                        .map(c -> c.get("id").asString()))
                .containsExactly(conversationA);
        assertThat(get(zed, "/api/v1/conversations")
                        .json()
                        .valueStream()
                        .map(c -> c.get("id").asString()))
                .containsExactly(conversationB);
    }

    void assertSameRefusal(Response foreign, String foreignId, Response unknown, String unknownId, int status) {
        assertThat(foreign.status()).as(foreign.text()).isEqualTo(status);
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(status);
        assertThat(detail(foreign, foreignId)).isEqualTo(detail(unknown, unknownId));
        organisationBSecrets().stream()
                .filter(secret -> !secret.equals(foreignId))
                .forEach(secret -> assertThat(foreign.text()).doesNotContain(secret));
    }

    @Test
    void listAndSearchRoutesReturnNoRowsOfAnotherOrganisation() {
        assertThat(call(zed, "PUT", "/api/v1/availability", Map.of("status", "unavailable"))
                        .status())
                .isEqualTo(200);
        SoftAssertions.assertSoftly(s -> {
            for (Staff caller : List.of(alice, adminA, mallory)) {
                eachRouteTaking(ApiRoute.Takes.OWN_SCOPE, route -> {
                    if (route.guard == ApiRoute.Guard.ADMIN && caller != adminA) {
                        return; // role refusals are checked by their own test
                    }
                    for (Probe probe : route.probes(targetsOnConversationA(caller))) {
                        Response r = exec(probe, caller);
                        s.assertThat(r.status())
                                .as("%s by %s: %s", probe, caller.name(), r.text())
                                .isEqualTo(200);
                        organisationBSecrets()
                                .forEach(secret -> s.assertThat(r.text())
                                        .as("%s by %s", probe, caller.name())
                                        .doesNotContain(secret));
                    }
                });
            }
        });
        // Not vacuous: the same searches find the caller's own rows, and organisation B finds its own.
        assertThat(get(alice, "/api/v1/users?q=zeb").text()).contains(zebedeeA.id());
        assertThat(post(alice, "/api/v1/patients/search", Map.of("q", "zeb")).text())
                .contains(patientA.id());
        assertThat(get(alice, "/api/v1/conversations").text()).contains(conversationA, topicA);
        assertThat(get(alice, "/api/v1/inbox").text()).contains(conversationA, textA);
        assertThat(post(alice, "/api/v1/sync", Map.of("cursors", List.of(Map.of("c", conversationA, "seq", 0))))
                        .text())
                .contains(textA);
        assertThat(get(zed, "/api/v1/users?q=zeb").text()).contains(zed.id());
        assertThat(post(zed, "/api/v1/patients/search", Map.of("q", patientB.mrn()))
                        .text())
                .contains(patientB.id());
        assertThat(get(zed, "/api/v1/inbox").text()).contains(textB);
        assertThat(get(zed, "/api/v1/availability").text()).contains(zed.id());
    }

    @Test
    void syncNamingAConversationTheCallerIsNotInResetsItAndReturnsNoEntries() {
        for (Staff caller : List.of(mallory, zed)) {
            Response r = post(caller, "/api/v1/sync", Map.of("cursors", List.of(Map.of("c", conversationA, "seq", 0))));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json()
                            .get("resets")
                            .valueStream()
                            .filter(x -> x.get("conversationId").asString().equals(conversationA))
                            .map(x -> x.get("reason").asString()))
                    .containsExactly("not_a_member");
            assertThat(r.json()
                            .get("conversations")
                            .valueStream()
                            .map(b -> b.get("c").asString()))
                    .doesNotContain(conversationA);
            conversationASecrets().forEach(secret -> assertThat(r.text()).doesNotContain(secret));
        }
    }

    @Test
    void nonAdminsAreRefusedOnAdminRoutesAndOnlyASystemAdministratorCreatesOrganisations() {
        Staff systemAdmin = newSystemAdmin(orgA);
        int usersBefore = get(adminA, "/api/v1/users").json().size();
        // Every refused call first, then the allowed ones: ending Bob's sessions and resetting his password (allowed
        // calls that end his tokens) must not come before a call Bob makes to be refused.
        List<ApiRoute> adminRoutes = routes().stream()
                .filter(route -> route.guard == ApiRoute.Guard.ADMIN || route.guard == ApiRoute.Guard.SYSTEM_ADMIN)
                .toList();
        SoftAssertions.assertSoftly(s -> {
            for (ApiRoute route : adminRoutes) {
                List<Staff> refused = route.guard == ApiRoute.Guard.ADMIN
                        ? List.of(alice, bob, zebedeeA)
                        : List.of(alice, bob, adminA);
                for (Staff caller : refused) {
                    for (Probe probe : route.probes(targetsOnConversationA(caller))) {
                        Response r = exec(probe, caller);
                        s.assertThat(r.status())
                                .as(
                                        "%s by %s (%s): %s",
                                        probe, caller.name(), caller.user().role(), r.text())
                                .isEqualTo(403);
                    }
                }
            }
            for (ApiRoute route : adminRoutes) {
                Staff allowed = route.guard == ApiRoute.Guard.ADMIN ? adminA : systemAdmin;
                for (Probe probe : route.probes(targetsOnConversationA(allowed))) {
                    Response r = exec(probe, allowed);
                    s.assertThat(r.status())
                            .as("%s by %s: %s", probe, allowed.name(), r.text())
                            .isBetween(200, 299);
                }
            }
        });
        // Nothing the refused calls asked for exists: only the admin's own user, patient and import went in.
        assertThat(get(adminA, "/api/v1/users").json().size()).isEqualTo(usersBefore + 1);
        assertThat(post(adminA, "/api/v1/patients/search", Map.of("q", "newcombe"))
                        .json()
                        .size())
                .isEqualTo(1);
        assertThat(post(adminA, "/api/v1/patients/search", Map.of("q", "importwell"))
                        .json()
                        .size())
                .isEqualTo(1);
        assertThat(get(adminA, "/api/v1/users/" + bob.id()).string("displayName"))
                .isEqualTo("Renamed Person");
    }

    @Test
    void oneWayConversationRefusesNonOwnerSendersAndAcceptsOwners() {
        String oneWay = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Announcements " + tag,
                                null,
                                false,
                                List.of(bob.id()),
                                null))
                .id();
        String path = "/api/v1/conversations/" + oneWay + "/messages";
        Response refused = post(bob, path, Map.of("clientMsgId", "b-1", "body", "Can I reply?"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        Response flip = call(bob, "PATCH", "/api/v1/conversations/" + oneWay, Map.of("acceptResponses", true));
        assertThat(flip.status()).as(flip.text()).isEqualTo(403);
        Response sent = post(alice, path, Map.of("clientMsgId", "a-1", "body", "Clinic closes at 5"));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        Response history = get(bob, path);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.text()).contains("Clinic closes at 5").doesNotContain("Can I reply?");
    }

    /**
     * A success, or for filing to the EHR the 409 that says the organisation has no EHR connection: it is answered
     * only after the caller passed access control (docs/fhir.md), which is what these checks are about.
     */
    static boolean succeededPastAccessControl(ApiRoute route, int status) {
        return status >= 200 && status <= 299 || route == ApiRoute.FILE_CONVERSATION && status == 409;
    }
}
