package org.carechat.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.audit.AuditVerifier;
import org.carechat.crypto.MasterKey;
import org.carechat.crypto.RetentionKeyFile;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.system.CareChatProperties;
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
 * The purge (issue #16) with a controllable clock: exactly when due, never early, not missed; keys destroyed so that a
 * copy of the database taken before cannot be read after; tombstones, audit and the chain intact.
 */
abstract class RetentionPurgeScenarios extends ServerTest {

    static final Instant T0 = Instant.parse("2031-03-01T10:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final int STAFF_DAYS = 30;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    RetentionPurge purge;

    @Autowired
    MasterKey masterKey;

    @Autowired
    CareChatProperties properties;

    @Autowired
    AuditVerifier auditVerifier;

    Organisation org;
    Staff admin;
    Staff alice;
    Staff bob;

    /** The rows a backup of the database holds for one conversation: its wrapped keyset and its texts' ciphertexts. */
    record BackupCopy(String conversationId, String wrappedKeyset, String bucket, List<StoredText> texts) {}

    record StoredText(String id, long seq, byte[] body) {}

    /** A copy of the database as a backup would hold it, taken now (the way each database is copied differs). */
    abstract BackupCopy copyOfDatabase(String conversationId);

    @BeforeEach
    void setUp() {
        clock.freezeAt(T0);
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.NURSE, "Alice Nurse");
        bob = newStaff(org, Role.NURSE, "Bob Doctor");
        Response set = call(
                admin,
                "PATCH",
                "/api/v1/orgs/current",
                Map.of("retention", RetentionSettingsScenarios.policy(STAFF_DAYS, 365, 365, 30, 7)));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aConversationIsPurgedExactlyWhenItsPeriodEndsNotAMillisecondBefore() {
        String conversation = direct(alice, bob);
        sendText(alice, conversation, "Bed 4 needs a review");
        Instant due = T0.plus(Duration.ofDays(STAFF_DAYS));

        clock.setTo(due.minusMillis(1));
        purge.run();
        assertThat(purgedAt(conversation)).isNull();
        assertThat(bodies(bob, conversation)).containsExactly("Bed 4 needs a review");

        clock.setTo(due);
        purge.run();
        assertThat(purgedAt(conversation)).isEqualTo(due.toEpochMilli());
        assertThat(keysetRows(conversation)).isZero();
    }

    @Test
    void aPurgedConversationKeepsATombstoneAndIdOnlyAuditRowsAndTheAuditChainStillVerifies() {
        String conversation = direct(alice, bob);
        sendText(alice, conversation, "Bed 4 needs a review");
        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        purge.run();

        var entries =
                get(bob, "/api/v1/conversations/" + conversation + "/messages").json();
        var tombstone = entries.get(entries.size() - 1);
        assertThat(tombstone.get("kind").asString()).isEqualTo("purged");
        assertThat(tombstone.get("meta").get("reason").asString()).isEqualTo("policy");
        assertThat(tombstone.get("meta").get("purgedAt").asLong()).isEqualTo(clock.millis());
        assertThat(bodies(bob, conversation)).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND body IS NOT NULL")
                        .param(conversation)
                        .query(Long.class)
                        .single())
                .as("no ciphertext left in the live database")
                .isZero();

        String details = jdbc.sql(
                        "SELECT details FROM audit_event WHERE type = 'CONVERSATION_PURGED' " + "AND target_id = ?")
                .param(conversation)
                .query(String.class)
                .single();
        assertThat(details).contains("\"reason\":\"policy\"").doesNotContain("Bed 4");
        assertThat(auditVerifier.verify(org.id()).intact()).isTrue();
    }

    @Test
    void aPurgedConversationTakesNoNewMessagesAndSaysWhy() {
        String conversation = direct(alice, bob);
        sendText(alice, conversation, "Bed 4 needs a review");
        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        purge.run();

        Response refused = post(
                alice,
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", "Still there?"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("detail")).contains("purged by the organisation's retention policy");
        assertThat(purgedAt(conversation)).isNotNull();
    }

    @Test
    void aRunMissedOnTheDueDayPurgesAtTheNextRunWhenever() {
        String conversation = direct(alice, bob);
        sendText(alice, conversation, "Bed 4 needs a review");

        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS + 12))); // the server was down from before the day until now
        purge.run();

        assertThat(purgedAt(conversation)).isNotNull();
        assertThat(keysetRows(conversation)).isZero();
    }

    @Test
    void activityMovesTheKeysetToItsNewDayAndThePurgeWithIt() {
        String conversation = direct(alice, bob);
        sendText(alice, conversation, "Bed 4 needs a review");
        assertThat(bucketOf(conversation)).isEqualTo(day(T0.plus(Duration.ofDays(STAFF_DAYS))));

        clock.setTo(T0.plus(Duration.ofDays(20)));
        sendText(bob, conversation, "Reviewed");
        Instant due = T0.plus(Duration.ofDays(20 + STAFF_DAYS));
        assertThat(bucketOf(conversation)).isEqualTo(day(due));

        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        purge.run();
        assertThat(purgedAt(conversation)).isNull();
        assertThat(bodies(alice, conversation)).containsExactly("Bed 4 needs a review", "Reviewed");

        clock.setTo(due);
        purge.run();
        assertThat(purgedAt(conversation)).isNotNull();
    }

    @Test
    void aCopyOfTheDatabaseTakenBeforeThePurgeCannotBeDecryptedOnceTheDaysKeyIsDestroyed() throws Exception {
        String purged = direct(alice, bob);
        sendText(alice, purged, "Bed 4 needs a review");
        sendText(bob, purged, "On my way");
        String kept = direct(alice, admin);
        clock.setTo(T0.plus(Duration.ofDays(10)));
        sendText(alice, kept, "Rota for March");

        BackupCopy before = copyOfDatabase(purged);
        BackupCopy keptBefore = copyOfDatabase(kept);
        byte[] keyFileBefore = Files.readAllBytes(retentionKeyFile());
        assertThat(decrypt(before, retentionKeyFile()))
                .as("the copy opens with the key file as it is before the purge")
                .containsExactly("Bed 4 needs a review", "On my way");

        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        purge.run();
        assertThat(RetentionKeyFile.open(retentionKeyFile(), masterKey).buckets())
                .as("the day's key lives until its day is over")
                .contains(before.bucket());
        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS + 1)));
        RetentionPurge.Result nextDay = purge.run();

        assertThat(nextDay.keysDestroyed()).isPositive();
        assertThat(RetentionKeyFile.open(retentionKeyFile(), masterKey).buckets())
                .doesNotContain(before.bucket());
        assertThatThrownBy(() -> decrypt(before, retentionKeyFile()))
                .as("the copy taken before the purge, with the master key and the key file after it")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destroyed");
        assertThat(decrypt(keptBefore, retentionKeyFile()))
                .as("a conversation not due still opens from the same copy")
                .containsExactly("Rota for March");
        Path oldKeyFile = Files.createTempFile("retention-keys-before", ".json");
        Files.write(oldKeyFile, keyFileBefore);
        assertThat(decrypt(before, oldKeyFile))
                .as("an old copy of the key file still opens it: why retention.md says to keep few")
                .containsExactly("Bed 4 needs a review", "On my way");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'RETENTION_KEY_DESTROYED' "
                                + "AND target_id = ?")
                        .param(before.bucket())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aKeysetFromBeforeRetentionKeysIsMovedUnderItsDayByTheNextRunAndStillOpensItsMessages() throws Exception {
        String conversation = direct(alice, bob);
        sendText(alice, conversation, "Bed 4 needs a review");
        BackupCopy current = copyOfDatabase(conversation);
        var keyset = RetentionKeyFile.open(retentionKeyFile(), masterKey)
                .unwrap(current.wrappedKeyset(), conversation, current.bucket());
        String masterWrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                keyset, masterKey.aead(), conversation.getBytes(StandardCharsets.UTF_8), RegistryConfiguration.get());
        jdbc.sql("UPDATE conversation_key SET wrapped_keyset = ?, kek_bucket = NULL WHERE conversation_id = ?")
                .params(masterWrapped, conversation)
                .update(); // as every keyset made before issue #16

        RetentionPurge.Result run = purge.run();

        assertThat(run.moved()).isPositive();
        assertThat(bucketOf(conversation)).isEqualTo(day(T0.plus(Duration.ofDays(STAFF_DAYS))));
        assertThat(decrypt(copyOfDatabase(conversation), retentionKeyFile())).containsExactly("Bed 4 needs a review");
        assertThat(purgedAt(conversation)).isNull();
    }

    @Test
    void aPurgedConversationsAttachmentsAreDeletedWithTheirBlobs() throws Exception {
        String conversation = direct(alice, bob);
        String attachment = upload(alice, conversation, png());
        Response sent = post(
                alice,
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of(
                        "clientMsgId",
                        UUID.randomUUID().toString(),
                        "body",
                        "The wound",
                        "attachments",
                        List.of(attachment)));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        assertThat(blobsOf(attachment)).as("stored before").isPositive();

        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        RetentionPurge.Result run = purge.run();

        assertThat(run.attachments()).isPositive();
        assertThat(blobsOf(attachment)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attachment WHERE id = ?")
                        .param(attachment)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ATTACHMENT_DISCARDED' AND target_id = ?")
                        .param(attachment)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    String upload(Staff as, String conversation, byte[] content) {
        Response r = send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url("/api/v1/conversations/" + conversation + "/attachments")))
                .header("Authorization", "Bearer " + as.token())
                .header("Content-Type", "application/octet-stream")
                .header("X-File-Name", "wound.png")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.string("id");
    }

    static byte[] png() throws java.io.IOException {
        var image = new java.awt.image.BufferedImage(32, 24, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xff0000);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The attachment's blobs (content and thumbnail) in whichever store holds them: files, or the blob table. */
    long blobsOf(String attachmentId) throws java.io.IOException {
        long inTable = jdbc.sql("SELECT COUNT(*) FROM attachment_blob WHERE blob_key LIKE ?")
                .param(attachmentId + "%")
                .query(Long.class)
                .single();
        Path directory = properties.resolvedAttachmentDirectory();
        if (!Files.exists(directory)) {
            return inTable;
        }
        try (var files = Files.walk(directory)) {
            return inTable
                    + files.filter(f -> f.getFileName().toString().startsWith(attachmentId))
                            .count();
        }
    }

    @Test
    void aResumeNamingAPurgedConversationIsToldToDropIt() {
        String conversation = direct(alice, bob);
        long seq = sendText(alice, conversation, "Bed 4 needs a review");
        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        purge.run();

        Response sync = post(bob, "/api/v1/sync", Map.of("cursors", List.of(Map.of("c", conversation, "seq", seq))));
        assertThat(sync.status()).as(sync.text()).isEqualTo(200);
        var reset = sync.json().get("resets").get(0);
        assertThat(reset.get("conversationId").asString()).isEqualTo(conversation);
        assertThat(reset.get("reason").asString()).isEqualTo("purged");
    }

    List<String> decrypt(BackupCopy copy, Path keyFile) throws Exception {
        var keyset = RetentionKeyFile.open(keyFile, masterKey)
                .unwrap(copy.wrappedKeyset(), copy.conversationId(), copy.bucket());
        Aead aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        List<String> texts = new java.util.ArrayList<>();
        for (StoredText t : copy.texts()) {
            byte[] ad = ("carechat.message.v1|" + copy.conversationId() + "|" + t.seq() + "|" + t.id())
                    .getBytes(StandardCharsets.UTF_8);
            texts.add(new String(aead.decrypt(t.body(), ad), StandardCharsets.UTF_8));
        }
        return texts;
    }

    Path retentionKeyFile() {
        return properties.resolvedMasterKeyFile().resolveSibling("retention-keys.json");
    }

    static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    List<String> bodies(Staff as, String conversation) {
        var messages =
                get(as, "/api/v1/conversations/" + conversation + "/messages").json();
        List<String> bodies = new java.util.ArrayList<>();
        messages.forEach(m -> {
            if (m.get("kind").asString().equals("text") && m.hasNonNull("body")) {
                bodies.add(m.get("body").asString());
            }
        });
        return bodies;
    }

    Long purgedAt(String conversation) {
        return jdbc.sql("SELECT purged_at FROM conversation WHERE id = ?")
                .param(conversation)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    long keysetRows(String conversation) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_key WHERE conversation_id = ?")
                .param(conversation)
                .query(Long.class)
                .single();
    }

    String bucketOf(String conversation) {
        return jdbc.sql("SELECT kek_bucket FROM conversation_key WHERE conversation_id = ?")
                .param(conversation)
                .query(String.class)
                .single();
    }

    /** The rows of the live database, read the way a backup tool reads them. */
    BackupCopy rowsOf(JdbcClient database, String conversationId) {
        var key = database.sql("SELECT wrapped_keyset, kek_bucket FROM conversation_key WHERE conversation_id = ?")
                .param(conversationId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
        List<StoredText> texts = database.sql("SELECT id, seq, body FROM message WHERE conversation_id = ? "
                        + "AND body IS NOT NULL ORDER BY seq")
                .param(conversationId)
                .query((rs, n) -> new StoredText(rs.getString(1), rs.getLong(2), rs.getBytes(3)))
                .list();
        return new BackupCopy(conversationId, key[0], key[1], texts);
    }
}
