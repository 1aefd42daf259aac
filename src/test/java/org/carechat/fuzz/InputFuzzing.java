package org.carechat.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.slf4j.LoggerFactory;

/**
 * T-FUZZ-01's harness: one generated request to a route taking a JSON body (every such route of the OpenAPI
 * document), or one generated frame on a WebSocket (every type of {@code ClientFrame}), against a whole server. A
 * finding is an answer of 500 or more, a socket closed as a server error (1011), a frame answered "could not handle",
 * or any line the server logs at ERROR (an exception nobody handled). Fuzzing may sign the fixture's users out,
 * disable them or turn on a second factor: every few hundred inputs, and after a 401, it starts over with a new
 * organisation.
 */
abstract class InputFuzzing extends ServerTest {

    private static final int INPUTS_PER_FIXTURE = 300;
    private static final ErrorLines ERRORS = new ErrorLines();

    private static List<Shapes.Route> routes;
    private final List<Shapes.Frame> frames = Shapes.frames();
    private Fixture fixture;
    private int inputs;
    private WsClient socket;
    private long pings;

    /** An organisation with people and things for the generated input to name. */
    record Fixture(Staff admin, Staff clinician, Staff patient, List<String> ids) {}

    /** One request to {@code route}, or to a route the input picks when it is null. */
    void oneRequest(FuzzInput in, Shapes.Route route) {
        Fixture f = fixture();
        Shapes.Route r = route != null ? route : routes().get(in.pick(routes().size()));
        Staff as = switch (in.pick(8)) {
            case 0 -> null;
            case 1, 2 -> f.patient();
            case 3, 4 -> f.admin();
            default -> f.clinician();
        };
        String path = fillPath(r.path(), in, f.ids());
        String body = new JsonFuzzer(in, f.ids()).body(r.body());
        long errorsBefore = ERRORS.count();
        Response answer = send(request(r.method(), path, as, body));
        if (answer.status() >= 500 || ERRORS.count() != errorsBefore) {
            throw new AssertionError(r + " (" + path + ") answered " + answer.status() + " " + cut(answer.text())
                    + "; the server logged: " + ERRORS.last() + "; body: " + cut(body));
        }
        if (answer.status() == 401 && as != null) {
            fixture = null; // the input ended this user's session or account: start over
        }
    }

    /** One frame of {@code type}, or of a type the input picks when it is null, then a ping to see it handled. */
    void oneFrame(FuzzInput in, String type) {
        Fixture f = fixture();
        if (socket == null || socket.isClosed()) {
            socket = connect(in.chance(20) ? f.patient() : f.clinician());
        }
        Shapes.Frame frame = type == null
                ? frames.get(in.pick(frames.size()))
                : frames.stream()
                        .filter(fr -> fr.type().equals(type))
                        .findFirst()
                        .orElseThrow();
        // A text frame is UTF-8 on the wire: the client cannot send half a surrogate pair raw (JSON escapes it).
        String text = wellFormed(in.chance(4) ? in.text(300) : frameText(frame, in, f.ids()));
        long errorsBefore = ERRORS.count();
        socket.clear();
        socket.sendRaw(text);
        if (!socket.isClosed()) {
            String id = "fuzz-" + ++pings;
            socket.sendRaw("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
            try {
                socket.awaitUnlessClosed(fr -> id.equals(fr.path("id").asString(null)), 15);
            } catch (AssertionError e) {
                throw new AssertionError(
                        "no answer to a ping after a " + frame.type() + " frame; the server logged: " + ERRORS.last()
                                + "; frame: " + cut(text),
                        e);
            }
        }
        List<String> failures = new ArrayList<>();
        socket.frames("error").stream()
                .map(e -> e.get("detail").asString())
                .filter(d -> d.contains("could not handle"))
                .forEach(failures::add);
        if (socket.isClosed() && socket.awaitClose(1) == 1011) {
            failures.add("closed with 1011: " + socket.closeReason());
        }
        if (!failures.isEmpty() || ERRORS.count() != errorsBefore) {
            throw new AssertionError("a " + frame.type() + " frame failed: " + failures + "; the server logged: "
                    + ERRORS.last() + "; frame: " + cut(text));
        }
    }

    /**
     * The answer to {@code route} with a body of one field no request type has, tried as each kind of caller (a
     * route only some callers may use answers them 401 or 403 before it reads the body) until one answers other than
     * that; the path names the fixture's things, each placeholder by its name.
     */
    Response unknownFieldAnswer(Shapes.Route route, String field) {
        Fixture f = fixture();
        String body = route.body() instanceof Shape.ListOf ? "[{\"" + field + "\":1}]" : "{\"" + field + "\":1}";
        Response answer = null;
        for (Staff as : java.util.Arrays.asList(f.admin(), f.clinician(), f.patient(), null)) {
            answer = send(request(route.method(), pathFor(route.path(), f), as, body));
            if (answer.status() != 401 && answer.status() != 403) {
                return answer;
            }
        }
        return answer;
    }

    private static String pathFor(String template, Fixture f) {
        return template.replaceAll("\\{[^}]*[Pp]atient[^}]*}", f.ids().get(5))
                .replaceAll("\\{conversationId}", f.ids().get(7))
                .replaceAll("\\{[^}]*[Uu]ser[^}]*}", f.ids().get(3))
                .replaceAll("\\{seq}", f.ids().get(9))
                .replaceAll("\\{[^}]*}", f.ids().get(10));
    }

    List<Shapes.Route> routes() {
        if (routes == null) {
            routes = Shapes.routes(get(null, "/v3/api-docs").json());
        }
        return routes;
    }

    List<Shapes.Frame> frames() {
        return frames;
    }

    private Fixture fixture() {
        ERRORS.attach();
        if (fixture == null || ++inputs % INPUTS_PER_FIXTURE == 0) {
            if (socket != null) {
                socket.close();
                socket = null;
            }
            fixture = newFixture();
        }
        return fixture;
    }

    private Fixture newFixture() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Fuzz Admin");
        Staff clinician = newStaff(org, Role.CLINICIAN, "Fuzz Clinician");
        Staff nurse = newStaff(org, Role.NURSE, "Fuzz Nurse");
        Patient record = patientRecord(org, "Fuzz", "Patient", "1970-01-01", Patients.mobile(), Patients.email());
        String group = conversations
                .create(
                        asCurrent(clinician),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Fuzz",
                                record.id(),
                                true,
                                List.of(nurse.id()),
                                null))
                .id();
        Staff patient = patientAccount(record);
        String direct = direct(clinician, nurse);
        long seq = sendText(clinician, group, "fuzz");
        List<String> ids = new ArrayList<>(List.of(
                org.id(),
                admin.id(),
                clinician.id(),
                nurse.id(),
                patient.id(),
                record.id(),
                record.mrn(),
                group,
                direct,
                Long.toString(seq),
                "00000000-0000-7000-8000-000000000000"));
        Response team = post(admin, "/api/v1/teams", Map.of("name", "Fuzz team", "memberIds", List.of(nurse.id())));
        if (team.status() == 201) {
            ids.add(team.string("id"));
        }
        return new Fixture(admin, clinician, patient, List.copyOf(ids));
    }

    private String frameText(Shapes.Frame frame, FuzzInput in, List<String> ids) {
        String fields = new JsonFuzzer(in, ids).value(frame.fields(), 0);
        String type = in.chance(5) ? JsonFuzzer.quote(in.text(20)) : "\"" + frame.type() + "\"";
        if (!fields.startsWith("{") || in.chance(3)) {
            return fields;
        }
        return "{\"type\":" + type + (fields.equals("{}") ? "}" : "," + fields.substring(1));
    }

    private static String fillPath(String template, FuzzInput in, List<String> ids) {
        StringBuilder path = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (!path.isEmpty() || !segment.isEmpty()) {
                path.append('/');
            }
            if (segment.startsWith("{")) {
                path.append(
                        switch (in.pick(10)) {
                            case 0 -> URLEncoder.encode(in.text(80), StandardCharsets.UTF_8);
                            case 1 -> "x".repeat(1 + in.pick(3_000));
                            default -> URLEncoder.encode(ids.get(in.pick(ids.size())), StandardCharsets.UTF_8);
                        });
            } else {
                path.append(segment);
            }
        }
        return path.toString();
    }

    private HttpRequest request(String method, String path, Staff as, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (as != null) {
            request.header("Authorization", "Bearer " + as.token());
        }
        return request.build();
    }

    private static String wellFormed(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return out.toString();
    }

    private static String cut(String s) {
        return s == null ? "null" : s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    /** Counts what the server logs at ERROR, from any logger and thread, and keeps the last line. */
    static final class ErrorLines extends AppenderBase<ILoggingEvent> {

        private final AtomicLong count = new AtomicLong();
        private final AtomicReference<String> last = new AtomicReference<>("nothing");

        /** Attaches to the root logger (again after a context start reset the logging system). */
        synchronized void attach() {
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (root.getAppender("fuzz-errors") == null) {
                setName("fuzz-errors");
                setContext(root.getLoggerContext());
                start();
                root.addAppender(this);
            }
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                count.incrementAndGet();
                last.set(event.getLoggerName() + ": " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null
                                ? ""
                                : " " + event.getThrowableProxy().getClassName()));
            }
        }

        long count() {
            return count.get();
        }

        String last() {
            return last.get();
        }
    }
}
