package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Strict input (issue #13): wrong JSON types and unknown fields are refused with a problem detail naming the field;
 * control characters other than line breaks and tabs are refused in text; ids are checked before use and never quoted
 * back at length; WebSocket error frames are in CareChat's words. Each refusal stores nothing.
 */
abstract class StrictInputScenarios extends ServerTest {

    static final String LONG_ID = "a".repeat(3_000);

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    Staff alice;
    Staff bob;
    String group;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.CLINICIAN, "Alice");
        bob = newStaff(org, Role.NURSE, "Bob");
        group = group(alice, bob);
    }

    long messages() {
        return jdbc.sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND kind = 'text'")
                .param(group)
                .query(Long.class)
                .single();
    }

    static void assertRefused(Response r, String field, String detail) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).isEqualTo(detail);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(r.text()).doesNotContain("java.").doesNotContain("jackson").doesNotContain("Exception");
    }

    @Test
    void aQueryParameterTheRouteDoesNotTakeIsRefusedNamingItAndTheOnesItTakes() {
        Response misspelt = call(admin, "GET", "/api/v1/audit?form=0&limit=10", null);

        assertThat(misspelt.status()).as(misspelt.text()).isEqualTo(400);
        assertThat(misspelt.json().get("detail").asString())
                .as("an audit search whose filter was misspelt is not answered as if unfiltered")
                .startsWith("Unknown query parameter 'form': this route takes ")
                .contains("from", "to", "limit", "userId");
        assertThat(call(admin, "GET", "/api/v1/audit?from=0&limit=10", null).status())
                .isEqualTo(200);
        assertThat(call(alice, "GET", "/api/v1/auth/me?x=1", null)
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("This route takes no query parameters; remove 'x'");
        assertThat(call(alice, "GET", "/api/v1/auth/me?%3Cb%3E" + "y".repeat(60) + "=1", null)
                        .json()
                        .get("detail")
                        .asString())
                .as("a name that is not short and plain is not quoted back")
                .isEqualTo("This route takes no query parameters; remove a parameter");
        Response send = call(
                alice,
                "POST",
                "/api/v1/conversations/" + group + "/messages?urgent=true",
                Map.of("clientMsgId", "q1", "body", "hello"));
        assertThat(send.status()).as(send.text()).isEqualTo(400);
        assertThat(messages()).as("nothing stored").isZero();
    }

    @Test
    void everyRouteRefusesAQueryParameterItDoesNotTakeBeforeItRuns() {
        JsonNode paths = call(admin, "GET", "/v3/api-docs", null).json().path("paths");
        List<String> notRefused = new java.util.ArrayList<>();
        int routes = 0;
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) paths.properties()::iterator) {
            for (var operation :
                    (Iterable<Map.Entry<String, JsonNode>>) path.getValue().properties()::iterator) {
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                Response r = withUnknownParameter(method, path.getKey(), operation.getValue());
                routes++;
                boolean launchedByOthers = path.getKey().startsWith("/api/v1/public/fhir/launch");
                boolean refused = r.status() == 400 && r.text().contains("'noSuchParameter'");
                if (refused == launchedByOthers) {
                    notRefused.add(method + " " + path.getKey() + " answered " + r.status() + " " + r.text());
                }
            }
        }
        assertThat(routes).isGreaterThan(100);
        assertThat(notRefused)
                .as("routes that did not refuse an unknown query parameter naming it (the EHR launch and its "
                        + "callback take any: the EHR and its authorisation server write their query)")
                .isEmpty();
    }

    /** The route called by an admin with {@code ?noSuchParameter=1}, an empty body of the type it takes, ids filled. */
    Response withUnknownParameter(String method, String template, JsonNode operation) {
        String url = template.replaceAll("\\{[^}]+}", group) + "?noSuchParameter=1";
        String bodyType = operation.path("requestBody").path("content").propertyNames().stream()
                .findFirst()
                .orElse("application/json");
        if (bodyType.equals("application/json")) {
            return call(admin, method, url, method.equals("GET") || method.equals("DELETE") ? null : Map.of());
        }
        return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(url)))
                .header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", bodyType)
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(""))
                .build());
    }

    @Test
    void aNumberWhereTextBelongsIsRefusedNamingTheFieldAndNothingIsStored() {
        Response r = post(
                alice, "/api/v1/conversations/" + group + "/messages", "{\"clientMsgId\": \"n1\", \"body\": 12345}");

        assertRefused(r, "body", "Field 'body' must be text");
        assertThat(messages()).isZero();
        assertRefused(
                post(alice, "/api/v1/conversations/" + group + "/messages", "{\"clientMsgId\": 7, \"body\": \"hi\"}"),
                "clientMsgId",
                "Field 'clientMsgId' must be text");
        assertRefused(
                call(alice, "PATCH", "/api/v1/conversations/" + group, "{\"acceptResponses\": \"false\"}"),
                "acceptResponses",
                "Field 'acceptResponses' must be true or false");
        assertRefused(
                post(alice, "/api/v1/conversations/" + group + "/members", "{\"userId\": [\"" + bob.id() + "\"]}"),
                "userId",
                "Field 'userId' must be text");
    }

    @Test
    void aRenameWithAWrongTypeAndAnUnknownFieldIsRefusedAndTheTopicStays() {
        Response r = call(alice, "PATCH", "/api/v1/conversations/" + group, "{\"topic\": 5, \"hidden\": true}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isIn("topic", "hidden");
        assertRefused(
                call(alice, "PATCH", "/api/v1/conversations/" + group, "{\"hidden\": true}"),
                "hidden",
                "Field 'hidden' is not a field here; the fields are acceptResponses, careTeamId, topic");
        assertThat(get(alice, "/api/v1/conversations/" + group)
                        .json()
                        .get("conversation")
                        .get("topic")
                        .asString())
                .isEqualTo("Ward round");
    }

    @Test
    void aSettingTheOrganisationDoesNotHaveIsRefusedNotIgnored() {
        Response r = call(admin, "PATCH", "/api/v1/orgs/current", Map.of("retentionDays", 30));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("retentionDays");
        assertThat(r.json().get("detail").asString())
                .startsWith("Field 'retentionDays' is not a field here; the fields are ");
    }

    @Test
    void aFieldNameMadeUpAtLengthIsNotQuotedBack() {
        Response r = call(admin, "PATCH", "/api/v1/orgs/current", "{\"" + "x".repeat(500) + "\": 1}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).doesNotContain("x".repeat(50));
    }

    @Test
    void controlCharactersOtherThanLineBreaksAndTabsAreRefusedInText() {
        Response bell = post(
                alice,
                "/api/v1/conversations/" + group + "/messages",
                Map.of("clientMsgId", "c1", "body", "ring\u0007ring"));
        assertRefused(
                bell,
                "body",
                "Field 'body' contains a control character (U+0007); only line breaks and tabs are allowed besides"
                        + " text");
        assertThat(post(
                                alice,
                                "/api/v1/conversations/" + group + "/messages",
                                Map.of("clientMsgId", "c2", "body", "nul\u0000"))
                        .status())
                .isEqualTo(400);
        assertThat(call(alice, "PATCH", "/api/v1/conversations/" + group, Map.of("topic", "Ward\u001b[31m round"))
                        .status())
                .isEqualTo(400);
        assertRefused(
                post(
                        alice,
                        "/api/v1/conversations/" + group + "/messages",
                        "{\"clientMsgId\": \"c3\", \"body\": " + "\"half \\ud800 pair\"}"),
                "body",
                "Field 'body' contains half of a surrogate pair (U+D800); only line breaks and tabs are allowed"
                        + " besides text");
        assertThat(messages()).isZero();

        assertThat(post(
                                alice,
                                "/api/v1/conversations/" + group + "/messages",
                                Map.of("clientMsgId", "c4", "body", "line one\n\tline two 👍"))
                        .status())
                .isEqualTo(201);
        assertThat(messages()).isEqualTo(1);
    }

    @Test
    void aControlCharacterInACsvImportIsRefusedNamingTheLine() {
        Response r = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/api/v1/patients/import")))
                .header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "mrn,given_name,family_name,birth_date\nC-1,Bel\u0007la,Bell,1970-01-01\n"))
                .build());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString())
                .contains("line 2: given_name contains a control character (U+0007)");
    }

    @Test
    void aLongIdIsRefusedBeforeUseAndNeverQuotedBack() {
        for (String path : List.of(
                "/api/v1/conversations/" + LONG_ID,
                "/api/v1/conversations/" + LONG_ID + "/messages",
                "/api/v1/patients/" + LONG_ID,
                "/api/v1/users/" + LONG_ID)) {
            Response r = get(admin, path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.json().get("detail").asString())
                    .as(path)
                    .endsWith("in the path must be 1 to 64 letters, digits or - _ : . (a UUID fits)");
            assertThat(r.text()).as(path).doesNotContain("a".repeat(65));
        }
        Response member = post(alice, "/api/v1/conversations/" + group + "/members", Map.of("userId", LONG_ID));
        assertThat(member.status()).isEqualTo(400);
        assertThat(member.text()).doesNotContain("a".repeat(65));
        Response unknown = get(alice, "/api/v1/conversations/" + "b".repeat(64));
        assertThat(unknown.status()).as("a well-formed id that does not exist").isEqualTo(404);
    }

    @Test
    void socketErrorFramesNameTheFieldInCareChatsWordsAndNeverQuoteTheInput() {
        try (WsClient a = connect(alice)) {
            a.sendRaw(
                    "{\"type\":\"send\",\"id\":\"s1\",\"c\":\"" + group + "\",\"clientMsgId\":\"w1\",\"body\":12345}");
            a.sendRaw("{\"type\":\"teleport\"}");
            a.sendRaw("{\"type\":\"typing\",\"c\":\"" + group + "\",\"colour\":\"red\"}");
            a.sendRaw("{\"type\":\"ping\",\"id\":\"p\\u0007\"}");
            a.sendRaw("{\"type\":\"typing\",\"c\":\"" + LONG_ID + "\"}");
            a.sendRaw("{\"type\":\"send\",\"id\":\"s2\",\"c\":\"" + LONG_ID
                    + "\",\"clientMsgId\":\"w2\",\"body\":\"x\"}");
            a.sendRaw("{\"type\":\"ack\",\"c\":\"" + group + "\",\"upTo\":\"3\"}");
            a.sendRaw("null");
            a.send(Map.of("type", "ping", "id", "last"));
            a.awaitType("pong", 10);

            List<String> errors = a.frames("error").stream()
                    .map(f -> f.get("detail").asString())
                    .toList();
            assertThat(errors)
                    .containsExactly(
                            "Not a valid frame. Field 'body' must be text",
                            "Not a valid frame. Field 'type' is missing or not a known type",
                            "Not a valid frame. Field 'colour' is not a field here; the fields are c",
                            "Not a valid frame. Field 'id' contains a control character (U+0007); only line breaks and"
                                    + " tabs are allowed besides text",
                            "The conversation id in 'c' must be 1 to 64 letters, digits or - _ : . (a UUID fits)",
                            "Not a valid frame. Field 'upTo' must be a whole number",
                            "Not a valid frame. It must be a JSON object with a 'type'");
            JsonNode refused = a.frames("result").getFirst();
            assertThat(refused.get("id").asString()).isEqualTo("s2");
            assertThat(refused.get("ok").asBoolean()).isFalse();
            assertThat(refused.toString()).doesNotContain("a".repeat(65));
            for (String error : errors) {
                assertThat(error).doesNotContain("ClientFrame", "java", "jackson", "Cannot", "`");
            }
        }
        assertThat(messages()).isZero();
    }
}
