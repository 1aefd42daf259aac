package org.carechat.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.NewPatient;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.storage.Dialect;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.StoredData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Attachments end to end over the API: the T-FILE-01 upload corpus, metadata stripping, file names, the text rule,
 * authorisation of downloads, encryption at rest of the content and the name, and the sweeper.
 */
@Timeout(300)
abstract class AttachmentScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Dialect dialect;

    @Autowired
    CareChatProperties properties;

    @Autowired
    MutableClock clock;

    @Autowired
    AbandonedUploads sweeper;

    @Autowired
    BlobStore blobs;

    @Autowired
    AttachmentRepository repository;

    @Autowired
    PatientService patients;

    record Ward(
            Organisation org,
            Staff admin,
            Staff alice,
            Staff bob,
            Staff mallory,
            Patient patient,
            String conversation) {}

    Ward ward() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        Staff mallory = newStaff(org, Role.CLINICIAN, "Mallory");
        Patient patient = patients.create(
                asCurrent(admin),
                new NewPatient(
                        "P-" + UUID.randomUUID().toString().substring(0, 8), "Pat", "Ient", "1970-01-01", null, null));
        String conversation = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Wound care",
                                patient.id(),
                                true,
                                List.of(bob.id()),
                                null))
                .id();
        return new Ward(org, admin, alice, bob, mallory, patient, conversation);
    }

    Response upload(Staff as, String conversation, String name, byte[] content) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(url("/api/v1/conversations/" + conversation + "/attachments")))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + as.token())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content));
        if (name != null) {
            request.header(
                    "X-File-Name",
                    URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return send(request.build());
    }

    String uploaded(Staff as, String conversation, String name, byte[] content) {
        Response r = upload(as, conversation, name, content);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.string("id");
    }

    Response sendWith(Staff as, String conversation, String body, List<String> attachments) {
        return post(
                as,
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body, "attachments", attachments));
    }

    HttpResponse<byte[]> download(Staff as, String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url(path)))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + as.token())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String file(String conversation, String id) {
        return "/api/v1/conversations/" + conversation + "/attachments/" + id;
    }

    /** One file of the corpus: what it is, and whether a safe server accepts it. */
    record Case(String what, String name, byte[] content, boolean malicious, int expected) {}

    static List<Case> corpus() {
        return List.of(
                new Case("PNG photo", "wound.png", TestFiles.png(64, 48), false, 201),
                new Case("JPEG photo", "wound.jpg", TestFiles.jpeg(64, 48), false, 201),
                new Case("PDF letter", "discharge letter.pdf", TestFiles.pdf("Discharge summary"), false, 201),
                new Case("HEIC without metadata", "IMG_0001.HEIC", TestFiles.heic(null, 4032, 3024), false, 201),
                new Case("WebP", "scan.webp", TestFiles.webpWithExif(640, 480, "exif"), false, 201),
                new Case("GIF/JavaScript polyglot", "pic.gif", TestFiles.gifJsPolyglot(), true, 415),
                new Case("PDF/HTML polyglot", "report.pdf", TestFiles.pdfHtmlPolyglot(), true, 400),
                new Case("PDF with JavaScript", "form.pdf", TestFiles.pdfWithJavaScript(), true, 400),
                new Case("SVG with a script", "chart.svg", TestFiles.svgWithScript(), true, 415),
                new Case("SVG with a script named .png", "chart.png", TestFiles.svgWithScript(), true, 415),
                new Case("HTML named .png", "xray.png", TestFiles.html(), true, 415),
                new Case("HTML with no name", null, TestFiles.html(), true, 415),
                new Case("PNG named .jpg (wrong extension)", "photo.jpg", TestFiles.png(8, 8), true, 400),
                new Case("PDF named .png (wrong extension)", "scan.png", TestFiles.pdf("x"), true, 400),
                new Case("PNG named .html", "page.html", TestFiles.png(8, 8), true, 400),
                new Case(
                        "65,535 × 65,535 PNG (pixel flood)",
                        "big.png",
                        TestFiles.pngClaiming(65_535, 65_535),
                        true,
                        400),
                new Case("1 × 100,000 PNG strip", "strip.png", TestFiles.pngClaiming(1, 100_000), true, 400),
                new Case(
                        "HEIC claiming 100,000 × 100,000",
                        "big.heic",
                        TestFiles.heic(null, 100_000, 100_000),
                        true,
                        400),
                new Case(
                        "WebP claiming 16,383 × 16,383",
                        "big.webp",
                        TestFiles.webpWithExif(16_383, 16_383, "x"),
                        true,
                        400),
                new Case("zip bomb with a zip-slip entry", "../../results.zip", TestFiles.zipBomb(), true, 415),
                new Case("EICAR test file", "eicar.com", TestFiles.eicar(), true, 415),
                new Case("truncated JPEG", "cut.jpg", java.util.Arrays.copyOf(TestFiles.jpeg(64, 64), 40), true, 400),
                new Case("empty file", "empty.png", new byte[0], true, 400));
    }

    @Test
    void theUploadCorpusAcceptsNothingMaliciousAndSaysWhatIsAllowed() throws IOException {
        Ward w = ward();
        List<String> maliciousAccepted = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (Case c : corpus()) {
            Response r = upload(w.alice(), w.conversation(), c.name(), c.content());
            outcomes.put(c.what(), r.status());
            if (c.malicious() && r.status() < 300) {
                maliciousAccepted.add(c.what());
            }
            if (r.status() != c.expected()) {
                unexpected.add(c.what() + " -> " + r.status() + " " + r.text());
            }
            if (r.status() == 415) {
                assertThat(r.json().get("detail").asString())
                        .as(c.what())
                        .endsWith(
                                "(decided from its content, whatever its name); allowed are JPEG image, PNG image, HEIC image, "
                                        + "HEIF image, WebP image and PDF document");
            }
        }
        Files.writeString(
                Path.of("target", "file-corpus-" + getClass().getSimpleName() + ".json"),
                JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(
                                Map.of("outcomes", outcomes, "maliciousAccepted", maliciousAccepted.size())),
                StandardCharsets.UTF_8);
        assertThat(maliciousAccepted).as("malicious files accepted").isEmpty();
        assertThat(unexpected).isEmpty();
        assertThat(upload(w.alice(), w.conversation(), "x.png", TestFiles.html())
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("The file is text/html (decided from its content, whatever its name); allowed are JPEG "
                        + "image, PNG image, HEIC image, HEIF image, WebP image and PDF document");
        assertThat(upload(w.alice(), w.conversation(), "photo.jpg", TestFiles.png(8, 8))
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("The file's name ends in an extension that does not match its content, a "
                        + "PNG image; it was refused. Rename it (.png) or send the right file");
    }

    @Test
    void anOrganisationNarrowsTheTypesItAcceptsAndOnlyItsAdminMayAndOnlyWithinTheServersList() {
        Ward w = ward();
        Ward other = ward();
        String types = "/api/v1/orgs/current/attachment-types";
        assertThat(call(w.alice(), "PUT", types, Map.of("allowedTypes", List.of("application/pdf")))
                        .status())
                .isEqualTo(403);
        Response unknown = call(w.admin(), "PUT", types, Map.of("allowedTypes", List.of("image/svg+xml")));
        assertThat(unknown.status()).isEqualTo(400);
        Response narrowed = call(w.admin(), "PUT", types, Map.of("allowedTypes", List.of("application/pdf")));
        assertThat(narrowed.status()).as(narrowed.text()).isEqualTo(200);
        assertThat(get(w.bob(), types).json().get("allowedTypes").valueStream().map(JsonNode::asString))
                .containsExactly("application/pdf");

        Response png = upload(w.alice(), w.conversation(), "wound.png", TestFiles.png(8, 8));
        assertThat(png.status()).isEqualTo(415);
        assertThat(png.json().get("detail").asString())
                .isEqualTo("The file is PNG image (decided from its content, "
                        + "whatever its name); allowed are PDF document");
        assertThat(upload(w.alice(), w.conversation(), "letter.pdf", TestFiles.pdf("ok"))
                        .status())
                .isEqualTo(201);
        assertThat(upload(other.alice(), other.conversation(), "wound.png", TestFiles.png(8, 8))
                        .status())
                .as("another organisation keeps the server's list")
                .isEqualTo(201);

        assertThat(call(w.admin(), "PUT", types, Map.of("allowedTypes", List.of()))
                        .status())
                .isEqualTo(200);
        Response off = upload(w.alice(), w.conversation(), "letter.pdf", TestFiles.pdf("ok"));
        assertThat(off.status()).isEqualTo(403);
        assertThat(off.json().get("detail").asString()).isEqualTo("Your organisation does not accept attachments");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedAndNothingIsStored() throws IOException {
        Ward w = ward();
        long before =
                jdbc.sql("SELECT COUNT(*) FROM attachment").query(Long.class).single();
        byte[] big = new byte[(int) properties.attachments().maxFileBytes() + 1];
        System.arraycopy(TestFiles.pdf("big"), 0, big, 0, 100);
        // Undeclared length (chunked): read up to one byte over the limit, then refused.
        Response r = send(
                HttpRequest.newBuilder(URI.create(url("/api/v1/conversations/" + w.conversation() + "/attachments")))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + w.alice().token())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                        .build());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asString())
                .isEqualTo("The file is larger than the limit of 20 MB; nothing was stored");
        // Declared too large: refused before the body is read.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("POST /api/v1/conversations/" + w.conversation() + "/attachments "
                                    + "HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + w.alice().token()
                                    + "\r\nContent-Length: 1000000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attachment").query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void aGpsTaggedPhotoIsStoredWithoutItsLocationOrAnyOtherMetadata() {
        Ward w = ward();
        String canary = "GPSCANARY" + UUID.randomUUID().toString().substring(0, 8);
        byte[] photo = TestFiles.jpegWithGps(320, 240, canary);
        assertThat(new String(photo, StandardCharsets.ISO_8859_1)).contains("Exif", canary);
        String id = uploaded(w.alice(), w.conversation(), "home visit.jpg", photo);
        assertThat(sendWith(w.alice(), w.conversation(), "Pressure sore, heel", List.of(id))
                        .status())
                .isEqualTo(201);

        for (String path : List.of(file(w.conversation(), id), file(w.conversation(), id) + "/thumbnail")) {
            HttpResponse<byte[]> r = download(w.bob(), path);
            assertThat(r.statusCode()).isEqualTo(200);
            String stored = new String(r.body(), StandardCharsets.ISO_8859_1);
            assertThat(stored).as(path).doesNotContain("Exif").doesNotContain(canary);
            assertThat(r.body()[0] & 0xFF).isEqualTo(0xFF);
            assertThat(r.body()[1] & 0xFF).isEqualTo(0xD8);
            assertThat(hasSegment(r.body(), 0xE1))
                    .as("an APP1 (EXIF/XMP) segment in " + path)
                    .isFalse();
        }
    }

    /** Whether a JPEG has a marker segment of the given type before its image data. */
    static boolean hasSegment(byte[] jpeg, int marker) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            int type = jpeg[pos + 1] & 0xFF;
            if (type == marker) {
                return true;
            }
            if (type == 0xDA) {
                return false;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        return false;
    }

    @Test
    void aPolyglotPhotoIsStoredAsItsPixelsOnly() {
        Ward w = ward();
        String id = uploaded(w.alice(), w.conversation(), "scan.jpg", TestFiles.jpegHtmlPolyglot());
        sendWith(w.alice(), w.conversation(), "see scan", List.of(id));
        HttpResponse<byte[]> r = download(w.bob(), file(w.conversation(), id));
        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1))
                .doesNotContain("<script")
                .doesNotContain("<html");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    }

    @Test
    void aWebpLosesItsExifChunkAndAHeicItsExifItemWhileTheirPicturesStayAsTheyWere() {
        Ward w = ward();
        String canary = "WEBPCANARY" + UUID.randomUUID().toString().substring(0, 8);
        String id = uploaded(w.alice(), w.conversation(), "ulcer.webp", TestFiles.webpWithExif(640, 480, canary));
        sendWith(w.alice(), w.conversation(), "ulcer", List.of(id));
        byte[] stored = download(w.bob(), file(w.conversation(), id)).body();
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(text)
                .startsWith("RIFF")
                .contains("WEBPVP8X", "VP8L")
                .doesNotContain("EXIF")
                .doesNotContain(canary);
        assertThat(stored[20] & 0x08).as("the VP8X EXIF flag").isZero();

        byte[] heic = TestFiles.heic(canary, 4032, 3024);
        assertThat(new String(heic, StandardCharsets.ISO_8859_1)).contains(canary);
        String photo = uploaded(w.alice(), w.conversation(), "IMG_0002.HEIC", heic);
        sendWith(w.alice(), w.conversation(), "photo from the ward phone", List.of(photo));
        HttpResponse<byte[]> served = download(w.bob(), file(w.conversation(), photo));
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/heic");
        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment;");
        byte[] cleaned = served.body();
        assertThat(cleaned).hasSameSizeAs(heic);
        assertThat(new String(cleaned, StandardCharsets.ISO_8859_1))
                .doesNotContain(canary)
                .doesNotContain("GPS");
        int exifAt = heic.length - ("\0\0\0\0Exif\0\0MM\0*GPS " + canary).length();
        assertThat(java.util.Arrays.copyOf(cleaned, exifAt))
                .as("everything before the Exif item's bytes, the " + "picture included")
                .isEqualTo(java.util.Arrays.copyOf(heic, exifAt));
        assertThat(java.util.Arrays.copyOfRange(cleaned, exifAt, cleaned.length))
                .containsOnly(0);

        Response uuid = upload(w.alice(), w.conversation(), "IMG_0003.HEIC", TestFiles.heicWithUuidXmp(canary));
        assertThat(uuid.status()).isEqualTo(400);
        assertThat(uuid.json().get("detail").asString())
                .isEqualTo(
                        "This HEIC image carries metadata (such as the "
                                + "place it was taken) that cannot be removed from it; it was refused. Send it as a JPEG instead");
    }

    @Test
    void fileNamesAreShownCleanedAndNeverNameAnythingStored() throws IOException {
        Ward w = ward();
        Map<String, String> names = new LinkedHashMap<>();
        names.put("../../../../etc/passwd.png", "passwd.png");
        names.put("..\\..\\Windows\\win.ini.png", "win.ini.png");
        names.put("Röntgen Thorax – 日本語 αβγ.png", "Röntgen Thorax – 日本語 αβγ.png");
        names.put("تحليل الدم.png", "تحليل الدم.png");
        names.put("blood\u202Egnp.png", "bloodgnp.png");
        names.put("\u0000\u0007..png", "png");
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            Response r = upload(w.alice(), w.conversation(), e.getKey(), TestFiles.png(8, 8));
            assertThat(r.status()).as(e.getKey() + " " + r.text()).isEqualTo(201);
            assertThat(r.string("name")).isEqualTo(e.getValue());
            ids.add(r.string("id"));
        }
        Response rtlExe = upload(w.alice(), w.conversation(), "scan\u202Egnp.exe", TestFiles.png(8, 8));
        assertThat(rtlExe.status())
                .as("an .exe dressed up as .png by a right-to-left override")
                .isEqualTo(400);
        assertThat(sendWith(w.alice(), w.conversation(), "names", ids).status()).isEqualTo(400); // six: over five
        assertThat(sendWith(w.alice(), w.conversation(), "names", ids.subList(0, 5))
                        .status())
                .isEqualTo(201);

        HttpResponse<byte[]> r = download(w.bob(), file(w.conversation(), ids.get(2)));
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("inline; filename=")
                .contains("filename*=UTF-8''R%C3%B6ntgen");
        if (blobs instanceof DirectoryBlobStore) {
            Path root = properties.resolvedAttachmentDirectory();
            try (Stream<Path> all = Files.walk(properties.dataDir())) {
                assertThat(all.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.contains("passwd") || n.contains("win.ini") || n.contains("Röntgen"));
            }
            try (Stream<Path> stored = Files.walk(root)) {
                assertThat(stored.filter(Files::isRegularFile)
                                .map(p -> p.getFileName().toString()))
                        .allMatch(n -> n.matches("[0-9a-f-]{36}(\\.thumb)?"));
            }
        }
        assertThat(Path.of("/etc/passwd.png")).doesNotExist();
    }

    @Test
    void anImageWithoutTextIsRefusedAndSentWithTextItReachesTheOtherMemberWithItsThumbnail() {
        Ward w = ward();
        String id = uploaded(w.alice(), w.conversation(), "result.png", TestFiles.png(800, 600));
        Response alone = sendWith(w.alice(), w.conversation(), "   ", List.of(id));
        assertThat(alone.status()).isEqualTo(400);
        assertThat(alone.json().get("detail").asString())
                .isEqualTo("An attachment cannot be sent without text: write a message to go with it");
        assertThat(sendWith(w.bob(), w.conversation(), "taking it", List.of(id)).status())
                .as("another member cannot send someone else's upload")
                .isEqualTo(400);

        assertThat(sendWith(w.alice(), w.conversation(), "Potassium 6.1, see result", List.of(id))
                        .status())
                .isEqualTo(201);
        JsonNode entry = get(w.bob(), "/api/v1/conversations/" + w.conversation() + "/messages")
                .json()
                .valueStream()
                .filter(e -> "Potassium 6.1, see result".equals(e.path("body").asString(null)))
                .findFirst()
                .orElseThrow();
        JsonNode attachment = entry.get("meta").get("attachments").get(0);
        assertThat(attachment.get("id").asString()).isEqualTo(id);
        assertThat(attachment.get("name").asString()).isEqualTo("result.png");
        assertThat(attachment.get("contentType").asString()).isEqualTo("image/png");
        assertThat(attachment.get("thumbnail").asBoolean()).isTrue();
        assertThat(attachment.get("width").asInt()).isEqualTo(800);

        HttpResponse<byte[]> thumb = download(w.bob(), file(w.conversation(), id) + "/thumbnail");
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(thumb.body().length).isLessThan(TestFiles.png(800, 600).length * 4);
        assertThat(sendWith(w.alice(), w.conversation(), "again", List.of(id)).status())
                .as("an upload is sent once")
                .isEqualTo(400);
    }

    @Test
    void downloadsAreAttachmentsOrReencodedImagesWithNosniffAndASandbox() {
        Ward w = ward();
        String pdf = uploaded(w.alice(), w.conversation(), "letter.pdf", TestFiles.pdf("Dear colleague"));
        String png = uploaded(w.alice(), w.conversation(), null, TestFiles.png(10, 10));
        sendWith(w.alice(), w.conversation(), "letter and picture", List.of(pdf, png));

        HttpResponse<byte[]> letter = download(w.bob(), file(w.conversation(), pdf));
        assertThat(letter.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(letter.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment;")
                .contains("letter.pdf");
        HttpResponse<byte[]> picture = download(w.bob(), file(w.conversation(), png));
        assertThat(picture.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("inline;")
                .contains("attachment.png");
        for (HttpResponse<byte[]> r : List.of(letter, picture)) {
            assertThat(r.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
            assertThat(r.headers().allValues("Content-Security-Policy"))
                    .as("the attachment's own policy, alone")
                    .singleElement()
                    .asString()
                    .startsWith("sandbox;");
            assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        }
        assertThat(download(w.bob(), file(w.conversation(), pdf) + "/thumbnail").statusCode())
                .isEqualTo(404);
    }

    @Test
    void theAttachmentUrlIs404ForANonMemberAnotherPatientsConversationAndAnotherOrganisation() {
        Ward w = ward();
        String id = uploaded(w.alice(), w.conversation(), "wound.png", TestFiles.png(50, 50));
        String url = file(w.conversation(), id);
        assertThat(download(w.bob(), url).statusCode())
                .as("not sent yet: not even a member sees it")
                .isEqualTo(404);
        sendWith(w.alice(), w.conversation(), "wound today", List.of(id));
        assertThat(download(w.bob(), url).statusCode()).isEqualTo(200);

        // A member of another patient's conversation, naming this attachment under their own conversation.
        Patient other = patients.create(
                asCurrent(w.admin()),
                new NewPatient(
                        "Q-" + UUID.randomUUID().toString().substring(0, 8),
                        "Other",
                        "Person",
                        "1980-01-01",
                        null,
                        null));
        String otherConversation = conversations
                .create(
                        asCurrent(w.mallory()),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Other patient",
                                other.id(),
                                true,
                                List.of(),
                                null))
                .id();
        Organisation away = newOrg();
        Staff foreign = newStaff(away, Role.ADMIN, "Foreign Admin");
        String foreignConversation = group(foreign, newStaff(away, Role.NURSE, "Foreign Nurse"));

        Map<String, HttpResponse<byte[]>> refusals = new LinkedHashMap<>();
        refusals.put("non-member", download(w.mallory(), url));
        refusals.put("non-member, thumbnail", download(w.mallory(), url + "/thumbnail"));
        refusals.put("member of another patient's conversation", download(w.mallory(), file(otherConversation, id)));
        refusals.put("another organisation", download(foreign, url));
        refusals.put(
                "another organisation, through its own conversation", download(foreign, file(foreignConversation, id)));
        refusals.put("admin of the organisation, not a member", download(w.admin(), url));
        refusals.forEach((who, r) -> {
            assertThat(r.statusCode()).as(who).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(who).doesNotContain("wound");
        });

        long seq = jdbc.sql("SELECT seq FROM attachment WHERE id = ?")
                .param(id)
                .query(Long.class)
                .single();
        assertThat(call(w.alice(), "DELETE", "/api/v1/conversations/" + w.conversation() + "/messages/" + seq, null)
                        .status())
                .isEqualTo(204);
        assertThat(download(w.bob(), url).statusCode())
                .as("its message deleted")
                .isEqualTo(404);
    }

    @Test
    void aPatientReadsTheAttachmentsOfTheirOwnConversationAndGets404ForAnotherPatientsConversation() {
        Ward w = ward();
        Patient first = patientRecord(w.org(), "Fay", "First", "1950-05-05", null, null);
        Patient second = patientRecord(w.org(), "Sam", "Second", "1951-06-06", null, null);
        String firstChat = conversations
                .create(
                        asCurrent(w.alice()),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Your wound",
                                first.id(),
                                true,
                                List.of(),
                                null))
                .id();
        String secondChat = conversations
                .create(
                        asCurrent(w.alice()),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Your bloods",
                                second.id(),
                                true,
                                List.of(),
                                null))
                .id();
        Staff fay = patientAccount(first);
        Staff sam = patientAccount(second);
        String photo = uploaded(w.alice(), firstChat, "wound.png", TestFiles.png(60, 40));
        assertThat(sendWith(w.alice(), firstChat, "How it looked today", List.of(photo))
                        .status())
                .isEqualTo(201);

        assertThat(download(fay, file(firstChat, photo)).statusCode()).isEqualTo(200);
        assertThat(download(fay, file(firstChat, photo) + "/thumbnail").statusCode())
                .isEqualTo(200);
        for (String url : List.of(
                file(firstChat, photo),
                file(firstChat, photo) + "/thumbnail",
                file(secondChat, photo),
                file(secondChat, photo) + "/thumbnail")) {
            assertThat(download(sam, url).statusCode())
                    .as("another patient: " + url)
                    .isEqualTo(404);
        }
    }

    @Test
    void anUploadNeverSentIsSweptWithItsBlobsAndASentOneIsKept() {
        Ward w = ward();
        String abandoned = uploaded(w.alice(), w.conversation(), "draft.png", TestFiles.png(40, 40));
        String sent = uploaded(w.alice(), w.conversation(), "sent.png", TestFiles.png(40, 40));
        sendWith(w.alice(), w.conversation(), "kept", List.of(sent));
        assertThat(blobs.get(abandoned)).isPresent();
        try {
            clock.advance(properties.attachments().abandonAfter().plusMinutes(1));
            assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }
        assertThat(blobs.get(abandoned)).isEmpty();
        assertThat(blobs.get(abandoned + ".thumb")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attachment WHERE id = ?")
                        .param(abandoned)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(sendWith(w.alice(), w.conversation(), "too late", List.of(abandoned))
                        .status())
                .isEqualTo(400);
        assertThat(download(w.bob(), file(w.conversation(), sent)).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ATTACHMENT_DISCARDED' AND target_id = ?")
                        .param(abandoned)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anUploadCutOffMidwayStoresNothing() throws Exception {
        Ward w = ward();
        long before =
                jdbc.sql("SELECT COUNT(*) FROM attachment").query(Long.class).single();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("POST /api/v1/conversations/" + w.conversation() + "/attachments "
                                    + "HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + w.alice().token()
                                    + "\r\nContent-Length: 500000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(TestFiles.png(200, 200), 0, 300);
            socket.getOutputStream().flush();
        }
        Thread.sleep(500);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attachment").query(Long.class).single())
                .isEqualTo(before);
        assertThat(upload(w.alice(), w.conversation(), "again.png", TestFiles.png(200, 200))
                        .status())
                .as("the same upload, restarted")
                .isEqualTo(201);
    }

    @Test
    void whatACrashLeavesMidUploadOrMidSweepIsSweptAndNoBlobOutlivesItsRow() {
        Ward w = ward();
        long old = clock.millis() - properties.attachments().abandonAfter().toMillis() - 60_000;
        String midUpload = UUID.randomUUID().toString();
        String midSweep = UUID.randomUUID().toString();
        transactions.write(() -> {
            repository.insertUploading(
                    midUpload, w.org().id(), w.conversation(), w.alice().id(), old);
            repository.insertUploading(
                    midSweep, w.org().id(), w.conversation(), w.alice().id(), old);
            repository.markAbandoned(midSweep);
            return null;
        });
        blobs.put(midUpload, new byte[] {1, 2, 3}); // the node died after the blob, before the row was ready
        blobs.put(midSweep + ".thumb", new byte[] {4}); // it died after marking the row, before deleting this

        assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(2);
        for (String id : List.of(midUpload, midSweep)) {
            assertThat(blobs.get(id)).isEmpty();
            assertThat(blobs.get(id + ".thumb")).isEmpty();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM attachment WHERE id = ?")
                            .param(id)
                            .query(Long.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void aCanaryFileAndItsNameAppearNowhereInTheDatabaseFilesOrTheBlobStore() throws IOException {
        Ward w = ward();
        String canary =
                "CANARYFILE" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String id = uploaded(w.alice(), w.conversation(), canary + " biopsy.pdf", TestFiles.pdf(canary + " carcinoma"));
        sendWith(w.alice(), w.conversation(), "biopsy report", List.of(id));
        assertThat(new String(download(w.bob(), file(w.conversation(), id)).body(), StandardCharsets.ISO_8859_1))
                .contains(canary + " carcinoma");

        assertThat(StoredData.everyValueAsText(jdbc, dialect))
                .doesNotContain(canary)
                .doesNotContain("carcinoma");
        List<Path> files = new ArrayList<>(StoredData.databaseFiles(jdbc, dialect, properties.dataDir()));
        if (blobs instanceof DirectoryBlobStore) {
            try (Stream<Path> stored = Files.walk(properties.resolvedAttachmentDirectory())) {
                stored.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(f.toString()).doesNotContain(canary).doesNotContain("carcinoma");
        }
    }
}
