package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.Response;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * T-AZ-01 as a generated matrix: every REST route of the access table and every WebSocket frame type, for each staff
 * role, against objects the caller owns, belongs to, does not belong to, and of another organisation. The expected
 * outcome of each cell comes from {@link #expectedAllowed}; a cell that is allowed when it should be refused is an
 * unexpected allow and fails the test. The figures (cells, allows, refusals) are written to
 * {@code target/access-matrix-<database>.json}.
 */
@Timeout(900)
abstract class AccessMatrixScenarios extends AccessFixture {

    /** How the caller stands to the objects a request names. */
    enum Relation {
        /** Owner of the conversation (and, for tokens, the token's own user). */
        OWNER,
        /** Plain member of the conversation. */
        MEMBER,
        /** Same organisation, not a member. */
        NON_MEMBER,
        /** Staff of another organisation: every object named belongs to this one. */
        FOREIGN
    }

    static final List<Role> ROLES = List.of(Role.ADMIN, Role.CLINICIAN, Role.NURSE, Role.STAFF);

    /** Routes only an owner of the conversation may use (a plain member is refused with 403). */
    static final Set<ApiRoute> OWNER_ONLY = EnumSet.of(
            ApiRoute.UPDATE_CONVERSATION,
            ApiRoute.ADD_MEMBER,
            ApiRoute.REMOVE_MEMBER,
            ApiRoute.DELETE_MESSAGE,
            ApiRoute.SET_CONVERSATION_RETENTION,
            ApiRoute.CLEAR_CONVERSATION_RETENTION,
            ApiRoute.FILE_CONVERSATION);

    /** Routes naming a user of the caller's organisation in their body: another organisation's caller is refused. */
    static final Set<ApiRoute> NAMES_A_USER_IN_THE_BODY = EnumSet.of(ApiRoute.CREATE_CONVERSATION);

    /** Admin routes naming objects of the caller's organisation in their body (a reason, a care team). */
    static final Set<ApiRoute> NAMES_OWN_OBJECTS_IN_THE_BODY =
            EnumSet.of(ApiRoute.CHANGE_CONTACT_SETTINGS, ApiRoute.PLACE_LEGAL_HOLD, ApiRoute.RELEASE_LEGAL_HOLD);

    /**
     * Answers that mean "let through the access check" for routes whose request is refused on its merits (a wrong
     * current password, a code when no second factor is set up): these routes act on the caller alone.
     */
    static final Map<ApiRoute, Set<Integer>> ALLOWED_BUT_INPUT_REFUSED = Map.of(
            ApiRoute.CHANGE_PASSWORD, Set.of(401),
            ApiRoute.SECOND_FACTOR_CONFIRM, Set.of(400),
            ApiRoute.SECOND_FACTOR_REMOVE, Set.of(400),
            // this server has no SMS centre: "SMS is not set up" comes after the access check
            ApiRoute.CONTACT_SMS, Set.of(409),
            // the matrix's organisations have no EHR connection: "not set up to file" comes after the access check
            ApiRoute.FILE_CONVERSATION, Set.of(409));

    static boolean expectedAllowed(ApiRoute route, Role role, Relation relation) {
        boolean ownObjects = relation != Relation.FOREIGN;
        return switch (route.guard) {
            case PUBLIC -> true;
            case SYSTEM_ADMIN -> false; // no matrix caller is a system administrator
            case PATIENT -> false; // staff rows; patients have their own
            case ADMIN ->
                role == Role.ADMIN
                        && (ownObjects
                                || !(route.takes(ApiRoute.Takes.USER)
                                        || route.takes(ApiRoute.Takes.PATIENT)
                                        || route.takes(ApiRoute.Takes.TEAM)
                                        || NAMES_OWN_OBJECTS_IN_THE_BODY.contains(route)));
            case SIGNED_IN -> {
                if (route.takes(ApiRoute.Takes.CONTACT_REQUEST)) {
                    // the request's reason belongs to a team of the owner and the member; admins see every request
                    yield relation == Relation.OWNER
                            || relation == Relation.MEMBER
                            || relation == Relation.NON_MEMBER && role == Role.ADMIN;
                }
                if (route.takes(ApiRoute.Takes.CONVERSATION)) {
                    yield relation == Relation.OWNER || relation == Relation.MEMBER && !OWNER_ONLY.contains(route);
                }
                if (route.takes(ApiRoute.Takes.TOKEN)) {
                    yield relation == Relation.OWNER;
                }
                yield ownObjects
                        || !(route.takes(ApiRoute.Takes.USER)
                                || route.takes(ApiRoute.Takes.PATIENT)
                                || route.takes(ApiRoute.Takes.TEAM)
                                || NAMES_A_USER_IN_THE_BODY.contains(route));
            }
        };
    }

    /**
     * A patient's account: only the routes of {@link ApiRoute#PATIENT_ROUTES}, and within them what a plain member
     * may do (a patient is never an owner, so OWNER does not occur), or their own scope; never another's token.
     */
    static boolean expectedAllowedForPatient(ApiRoute route, Relation relation) {
        if (route.takes(ApiRoute.Takes.CONTACT_REQUEST)) {
            // a patient's own request only (the member patient raised it), and never a staff route
            return relation == Relation.MEMBER
                    && (route.guard == ApiRoute.Guard.PATIENT || ApiRoute.PATIENT_ROUTES.contains(route));
        }
        if (route == ApiRoute.RAISE_CONTACT_REQUEST) {
            return relation != Relation.FOREIGN; // it names a reason of the member's organisation
        }
        if (route.guard == ApiRoute.Guard.PATIENT) {
            return true;
        }
        if (route.guard != ApiRoute.Guard.SIGNED_IN || !ApiRoute.PATIENT_ROUTES.contains(route)) {
            return false;
        }
        if (route.takes(ApiRoute.Takes.CONVERSATION)) {
            return relation == Relation.MEMBER && !OWNER_ONLY.contains(route);
        }
        return !route.takes(ApiRoute.Takes.TOKEN);
    }

    /**
     * A mixed conversation owned by a clinician, with a patient as member and a staff bystander; another patient of
     * the organisation outside it, and a patient of another organisation.
     */
    Cell patientCell(Organisation home, Organisation away) {
        Staff owner = newStaff(home, Role.CLINICIAN, "Owner of a patient group");
        Staff bystander = newStaff(home, Role.NURSE, "Bystander nurse");
        Staff member = patientAccount(patientRecord(home, "Pat", "Member", "1960-01-01", null, null));
        Staff nonMember = patientAccount(patientRecord(home, "Pat", "Outsider", "1960-01-02", null, null));
        Staff foreign = patientAccount(patientRecord(away, "Pat", "Foreigner", "1960-01-03", null, null));
        String conversation = conversations
                .create(
                        asCurrent(owner),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Matrix " + tag,
                                patientA.id(),
                                true,
                                List.of(member.id(), bystander.id()),
                                null))
                .id();
        String attachment = sendImage(owner, conversation);
        long seq = sendText(owner, conversation, "matrix text " + tag);
        String ownerToken = tokens.issueDeviceToken(owner.user(), "matrix").id();
        String team = teams.create(
                        asCurrent(adminA),
                        "Patient matrix team " + UUID.randomUUID(),
                        List.of(owner.id(), bystander.id()))
                .id();
        String reason = contactReason(adminA, "Matrix reason", team);
        String request = raiseContactRequest(member, reason, "matrix request " + tag);
        return new Cell(
                owner,
                member,
                bystander,
                nonMember,
                foreign,
                conversation,
                seq,
                ownerToken,
                patientA,
                team,
                attachment,
                new Targets.Contact(home.id(), request, reason, team),
                threadOf(owner, request));
    }

    /** The conversation a contact request's thread is, as its staff read it. */
    String threadOf(Staff staff, String request) {
        Response r = get(adminA, "/api/v1/contact-requests/" + request);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("conversation").get("id").asString();
    }

    /** The people and objects of one cell's row: fresh for every route and role, so no cell sees another's effects. */
    record Cell(
            Staff owner,
            Staff member,
            Staff bystander,
            Staff nonMember,
            Staff foreign,
            String conversation,
            long seq,
            String ownerToken,
            Patient patient,
            String team,
            String attachment,
            Targets.Contact contact,
            String contactThread) {

        Staff caller(Relation relation) {
            return switch (relation) {
                case OWNER -> owner;
                case MEMBER -> member;
                case NON_MEMBER -> nonMember;
                case FOREIGN -> foreign;
            };
        }
    }

    Cell cell(Role role, Organisation home, Organisation away) {
        Staff owner = newStaff(home, role, "Owner " + role.code());
        Staff member = newStaff(home, role, "Member " + role.code());
        Staff bystander = newStaff(home, role, "Bystander " + role.code());
        Staff nonMember = newStaff(home, role, "Outsider " + role.code());
        Staff foreign = newStaff(away, role, "Foreigner " + role.code());
        String conversation = conversations
                .create(
                        asCurrent(owner),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Matrix " + tag,
                                patientA.id(),
                                true,
                                List.of(member.id(), bystander.id()),
                                null))
                .id();
        long seq = sendText(owner, conversation, "matrix text " + tag);
        String ownerToken = tokens.issueDeviceToken(owner.user(), "matrix").id();
        // The team holds the caller of every relation at home, so that an admin removing themselves from it is a real
        // change (the cell's conversation is not the team's, so membership of the team gives no access to it).
        String team = teams.create(
                        asCurrent(adminA),
                        "Matrix team " + UUID.randomUUID(),
                        List.of(owner.id(), member.id(), nonMember.id()))
                .id();
        String attachment = sendImage(owner, conversation);
        // The cell's contact request: its reason belongs to a team of the owner and the member only.
        String contactTeam = teams.create(
                        asCurrent(adminA), "Contact matrix team " + UUID.randomUUID(), List.of(owner.id(), member.id()))
                .id();
        String reason = contactReason(adminA, "Matrix reason", contactTeam);
        String request = raiseContactRequest(patientOfA, reason, "matrix request " + tag);
        assertThat(post(adminA, "/api/v1/contact-requests/" + request + "/status", Map.of("status", "in_progress"))
                        .status())
                .isEqualTo(204);
        return new Cell(
                owner,
                member,
                bystander,
                nonMember,
                foreign,
                conversation,
                seq,
                ownerToken,
                patientA,
                team,
                attachment,
                new Targets.Contact(home.id(), request, reason, contactTeam),
                threadOf(owner, request));
    }

    /**
     * The user a route names is a third member (so removing them is an owner's act, not leaving); the owner's second
     * token is the caller's own for the owner, and someone else's for everyone else.
     */
    Targets targets(Cell cell, Staff caller) {
        return new Targets(
                caller.id(),
                cell.conversation(),
                cell.seq(),
                cell.bystander().id(),
                cell.patient().id(),
                cell.ownerToken(),
                cell.patient().mrn(),
                cell.team(),
                cell.attachment(),
                duplicateAccountA,
                cell.contact());
    }

    record Outcome(String cell, int status) {}

    /**
     * One cell per role for every route that only reads (GET): reading changes nothing another cell could see, so
     * those routes share their row's people and objects; every route that writes gets a fresh cell.
     */
    private final Map<Role, Cell> readingCells = new java.util.EnumMap<>(Role.class);

    static boolean readsOnly(ApiRoute route) {
        return route.method().equals("GET");
    }

    @Test
    void noRouteOrFrameAllowsAnyRoleAnythingThePolicyDoesNot() throws IOException {
        Organisation away = orgB;
        List<String> unexpectedAllows = new ArrayList<>();
        List<String> unexpectedDenies = new ArrayList<>();
        int cells = 0;
        int allowed = 0;
        for (ApiRoute route : routes()) {
            if (route.guard == ApiRoute.Guard.PUBLIC) {
                continue; // anonymous by design: everyApiRouteRefusesAnUnauthenticatedCaller covers them
            }
            for (Role role : ROLES) {
                Cell cell = readsOnly(route)
                        ? readingCells.computeIfAbsent(role, r -> cell(r, orgA, away))
                        : cell(role, orgA, away);
                // Refused relations first, the owner last: an allowed cell may change what it touches.
                for (Relation relation :
                        List.of(Relation.FOREIGN, Relation.NON_MEMBER, Relation.MEMBER, Relation.OWNER)) {
                    Staff caller = cell.caller(relation);
                    boolean expected = expectedAllowed(route, role, relation);
                    for (Probe probe : route.probes(targets(cell, caller))) {
                        Response r = exec(probe, caller);
                        cells++;
                        boolean let = r.status() >= 200 && r.status() < 300
                                || ALLOWED_BUT_INPUT_REFUSED
                                        .getOrDefault(route, Set.of())
                                        .contains(r.status());
                        allowed += let ? 1 : 0;
                        String name = route.key + " | " + role.code() + " | " + relation + " -> " + r.status();
                        if (let && !expected) {
                            unexpectedAllows.add(name);
                        } else if (!let && expected) {
                            unexpectedDenies.add(name + " " + r.text());
                        }
                        if (!let) {
                            assertThat(r.status()).as(name).isIn(401, 403, 404, 400);
                        }
                    }
                }
            }
        }
        // Patients: every route, as a member of a patient group, a patient outside it, a patient elsewhere.
        for (ApiRoute route : routes()) {
            if (route.guard == ApiRoute.Guard.PUBLIC) {
                continue;
            }
            Cell cell = readsOnly(route)
                    ? readingCells.computeIfAbsent(Role.PATIENT, r -> patientCell(orgA, away))
                    : patientCell(orgA, away);
            for (Relation relation : List.of(Relation.FOREIGN, Relation.NON_MEMBER, Relation.MEMBER)) {
                Staff caller = cell.caller(relation);
                boolean expected = expectedAllowedForPatient(route, relation);
                for (Probe probe : route.probes(targets(cell, caller))) {
                    Response r = exec(probe, caller);
                    cells++;
                    boolean let = r.status() >= 200 && r.status() < 300;
                    allowed += let ? 1 : 0;
                    String name = route.key + " | patient | " + relation + " -> " + r.status();
                    if (let && !expected) {
                        unexpectedAllows.add(name);
                    } else if (!let && expected) {
                        unexpectedDenies.add(name + " " + r.text());
                    }
                    if (!let) {
                        assertThat(r.status()).as(name).isIn(401, 403, 404, 400);
                    }
                }
            }
        }
        FrameMatrix frames = frameMatrix();
        unexpectedAllows.addAll(frames.unexpectedAllows());
        unexpectedDenies.addAll(frames.unexpectedDenies());

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("routes", routes().size());
        figures.put("frameTypes", frames.types().size());
        List<String> roles = new ArrayList<>(ROLES.stream().map(Role::code).toList());
        roles.add(Role.PATIENT.code());
        figures.put("roles", roles);
        figures.put("relations", List.of(Relation.values()));
        figures.put("cells", cells + frames.cells());
        figures.put("allowed", allowed + frames.allowed());
        figures.put("unexpectedAllows", unexpectedAllows.size());
        figures.put("unexpectedDenies", unexpectedDenies.size());
        Path out = Path.of("target", "access-matrix-" + getClass().getSimpleName() + ".json");
        Files.writeString(
                out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures), StandardCharsets.UTF_8);

        assertThat(unexpectedDenies).as("cells refused that the policy allows").isEmpty();
        assertThat(unexpectedAllows).as("cells allowed that the policy refuses").isEmpty();
        assertThat(frames.types()).as("frame types the matrix judges").isEqualTo(frames.judged());
    }

    record FrameMatrix(
            Set<String> types,
            Set<String> judged,
            int cells,
            int allowed,
            List<String> unexpectedAllows,
            List<String> unexpectedDenies) {}

    /** Every client frame type × role × relation to a conversation, judged by the answer on the socket. */
    FrameMatrix frameMatrix() {
        Set<String> types = new TreeSet<>();
        try {
            JsonSubTypes subTypes =
                    Class.forName("org.carechat.realtime.ClientFrame").getAnnotation(JsonSubTypes.class);
            for (JsonSubTypes.Type type : subTypes.value()) {
                types.add(type.name());
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Set<String> judged = new TreeSet<>();
        List<String> unexpectedAllows = new ArrayList<>();
        List<String> unexpectedDenies = new ArrayList<>();
        int cells = 0;
        int allowedCount = 0;
        List<Role> roles = new ArrayList<>(ROLES);
        roles.add(Role.PATIENT);
        for (Role role : roles) {
            boolean patient = role == Role.PATIENT;
            Cell cell = patient ? patientCell(orgA, orgB) : cell(role, orgA, orgB);
            for (Relation relation : patient
                    ? List.of(Relation.FOREIGN, Relation.NON_MEMBER, Relation.MEMBER)
                    : List.of(Relation.FOREIGN, Relation.NON_MEMBER, Relation.MEMBER, Relation.OWNER)) {
                Staff caller = cell.caller(relation);
                boolean member = relation == Relation.OWNER || relation == Relation.MEMBER;
                try (WsClient ws = connect(caller)) {
                    ws.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", cell.conversation(), "seq", 0))));
                    ws.awaitType("sync_complete", 30);
                    boolean resumeServed =
                            ws.frames().stream().anyMatch(f -> f.toString().contains("matrix text"));
                    judged.add("resume");
                    cells++;
                    allowedCount += resumeServed ? 1 : 0;
                    record(unexpectedAllows, unexpectedDenies, "resume", role, relation, resumeServed, member);
                    for (String type : List.of(
                            "send", "ack", "read", "typing", "ping", "acknowledge", "watch", "unwatch", "visibility")) {
                        judged.add(type);
                        ws.clear();
                        boolean let = frameAllowed(ws, type, cell);
                        cells++;
                        allowedCount += let ? 1 : 0;
                        // Urgent messages are between staff: a patient acknowledges none. A contact request's
                        // thread is followed by its team (owner and member), the admins, and its own patient.
                        boolean expected = switch (type) {
                            case "ping", "unwatch", "visibility" -> true; // visibility names no conversation
                            case "watch" ->
                                patient
                                        ? relation == Relation.MEMBER
                                        : member || relation == Relation.NON_MEMBER && role == Role.ADMIN;
                            default -> member && !(patient && type.equals("acknowledge"));
                        };
                        record(unexpectedAllows, unexpectedDenies, type, role, relation, let, expected);
                    }
                }
            }
        }
        return new FrameMatrix(types, judged, cells, allowedCount, unexpectedAllows, unexpectedDenies);
    }

    static void record(
            List<String> allows,
            List<String> denies,
            String type,
            Role role,
            Relation relation,
            boolean let,
            boolean expected) {
        String name = "frame " + type + " | " + role.code() + " | " + relation;
        if (let && !expected) {
            allows.add(name);
        } else if (!let && expected) {
            denies.add(name);
        }
    }

    /** Sends one frame and tells whether the server acted on it (a refusal answers an error or a failed result). */
    boolean frameAllowed(WsClient ws, String type, Cell cell) {
        switch (type) {
            case "send" -> {
                ws.send(Map.of(
                        "type",
                        "send",
                        "id",
                        "m",
                        "c",
                        cell.conversation(),
                        "clientMsgId",
                        Probe.unique("mx-"),
                        "body",
                        "matrix send"));
                return ws.await(f -> "result".equals(f.get("type").asString()), 30)
                        .get("ok")
                        .asBoolean();
            }
            case "ping" -> {
                ws.send(Map.of("type", "ping", "id", "p"));
                ws.await(f -> "pong".equals(f.get("type").asString()), 30);
                return true;
            }
            default -> {
                Map<String, Object> frame = switch (type) {
                    case "typing" -> Map.of("type", type, "c", cell.conversation());
                    case "acknowledge" -> Map.of("type", type, "c", cell.conversation(), "seq", cell.seq());
                    case "watch" -> Map.of("type", type, "c", cell.contactThread(), "seq", 0);
                    case "unwatch" -> Map.of("type", type, "c", cell.contactThread());
                    case "visibility" -> Map.of("type", type, "visible", false);
                    default -> Map.of("type", type, "c", cell.conversation(), "upTo", cell.seq());
                };
                ws.send(frame);
                ws.send(Map.of("type", "ping", "id", "after-" + type));
                ws.await(f -> "pong".equals(f.get("type").asString()), 30);
                return ws.frames("error").isEmpty();
            }
        }
    }
}
