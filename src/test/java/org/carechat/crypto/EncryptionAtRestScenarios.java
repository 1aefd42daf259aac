package org.carechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.storage.Dialect;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.MutableClock;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.StoredData;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * T-CRY-01: message text is stored only as ciphertext bound to its row; a flipped byte or a text moved to another row
 * is refused; no nonce repeats under a key; data keys rotate and the master key re-wraps them without touching
 * messages.
 */
abstract class EncryptionAtRestScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Dialect dialect;

    @Autowired
    CareChatProperties properties;

    @Autowired
    MutableClock clock;

    @Autowired
    KeyRotation keyRotation;

    record Chat(Organisation org, Staff alice, Staff bob, String conversation) {}

    Chat chat() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        return new Chat(org, alice, bob, direct(alice, bob));
    }

    @Test
    void aCanarySentEveryWayAppearsNowhereInTheDatabaseItsFilesOrItsLog() throws IOException {
        String canary = "CANARY-CRY01-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-troponin";
        Chat chat = chat();
        sendText(chat.alice(), chat.conversation(), canary + " over REST");
        try (WsClient a = connect(chat.alice())) {
            a.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            a.send(Map.of(
                    "type",
                    "send",
                    "id",
                    "1",
                    "c",
                    chat.conversation(),
                    "clientMsgId",
                    "ws-1",
                    "body",
                    canary + " over the socket"));
            a.await(f -> "result".equals(f.get("type").asString()), 10);
        }
        assertThat(get(chat.bob(), "/api/v1/conversations/" + chat.conversation() + "/messages")
                        .text())
                .contains(canary + " over REST", canary + " over the socket");

        assertThat(StoredData.everyValueAsText(jdbc, dialect))
                .doesNotContain(canary)
                .doesNotContain("troponin");
        for (Path file : StoredData.databaseFiles(jdbc, dialect, properties.dataDir())) {
            String bytes = StoredData.text(file);
            assertThat(bytes).as(file.toString()).doesNotContain(canary).doesNotContain("troponin");
        }
    }

    @Test
    void aFlippedByteInAStoredTextIsRefusedWhileTheRestOfTheConversationStillReads() {
        Chat chat = chat();
        long first = sendText(chat.alice(), chat.conversation(), "BP 120/80");
        long second = sendText(chat.alice(), chat.conversation(), "HR 72");
        byte[] body = body(chat.conversation(), second);
        body[body.length / 2] ^= 0x01;
        setBody(chat.conversation(), second, body);

        JsonNode history = get(chat.bob(), "/api/v1/conversations/" + chat.conversation() + "/messages")
                .json();
        assertThat(entry(history, first).get("body").asString()).isEqualTo("BP 120/80");
        assertThat(entry(history, second).get("body")).isNull();
        assertThat(entry(history, second).get("unreadable").asBoolean()).isTrue();
    }

    @Test
    void aTextCopiedIntoAnotherRowIsRefusedThere() {
        Chat chat = chat();
        long first = sendText(chat.alice(), chat.conversation(), "Give 5 mg");
        long second = sendText(chat.alice(), chat.conversation(), "Give 50 mg");
        byte[] firstBody = body(chat.conversation(), first);
        setBody(chat.conversation(), first, body(chat.conversation(), second));
        setBody(chat.conversation(), second, firstBody);

        JsonNode history = get(chat.bob(), "/api/v1/conversations/" + chat.conversation() + "/messages")
                .json();
        for (long seq : List.of(first, second)) {
            assertThat(entry(history, seq).get("body")).as("seq %d", seq).isNull();
            assertThat(entry(history, seq).get("unreadable").asBoolean()).isTrue();
        }
        assertThat(history.toString()).doesNotContain("mg");
    }

    @Test
    void noNonceIsUsedTwiceUnderTheSameKey() {
        Chat chat = chat();
        for (int i = 0; i < 50; i++) {
            sendText(i % 2 == 0 ? chat.alice() : chat.bob(), chat.conversation(), "same text every time");
        }
        List<byte[]> bodies = jdbc.sql("SELECT body FROM message WHERE body IS NOT NULL")
                .query(byte[].class)
                .list();
        Set<String> keyAndNonce = new HashSet<>();
        for (byte[] body : bodies) {
            // Tink AES-GCM: 1 version byte and a 4-byte key id, then the 12-byte nonce.
            keyAndNonce.add(HexFormat.of().formatHex(body, 0, 17));
        }
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(50);
        assertThat(keyAndNonce).hasSameSizeAs(bodies);
    }

    @Test
    void aDataKeyOlderThanTheRotationPeriodGetsANewPrimaryWithTheNextMessageAndOldTextsStillRead() {
        Chat chat = chat();
        long old = sendText(chat.alice(), chat.conversation(), "before rotation");
        try {
            clock.advance(properties.dataKeyRotation().plus(Duration.ofDays(1)));
            long fresh = sendText(chat.bob(), chat.conversation(), "after rotation");
            long again = sendText(chat.alice(), chat.conversation(), "same month");

            assertThat(keyId(body(chat.conversation(), fresh))).isNotEqualTo(keyId(body(chat.conversation(), old)));
            assertThat(keyId(body(chat.conversation(), again))).isEqualTo(keyId(body(chat.conversation(), fresh)));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'KEY_ROTATED' AND conversation_id = ?")
                            .param(chat.conversation())
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(get(chat.bob(), "/api/v1/conversations/" + chat.conversation() + "/messages")
                            .text())
                    .contains("before rotation", "after rotation", "same month");
        } finally {
            clock.reset();
        }
    }

    @Test
    void rotatingTheMasterKeyRewrapsEveryKeyItWrapsUnderItsNewPrimaryAndEveryTextStillReads() throws IOException {
        Chat chat = chat();
        sendText(chat.alice(), chat.conversation(), "written before the master key rotated");
        String ward = group(chat.alice(), chat.bob());

        KeyRotation.Result result = keyRotation.rotateMasterKey();

        assertThat(result.newPrimaryKey()).isTrue();
        long primary = JSON.readTree(Files.readString(properties.resolvedMasterKeyFile()))
                .get("primaryKeyId")
                .asLong();
        // What the master key wraps: the retention keys (file), and keysets from before them (none here).
        List<String> wrapped =
                new ArrayList<>(jdbc.sql("SELECT wrapped_keyset FROM conversation_key " + "WHERE kek_bucket IS NULL")
                        .query(String.class)
                        .list());
        JSON.readTree(Files.readString(properties.resolvedMasterKeyFile().resolveSibling("retention-keys.json")))
                .get("keys")
                .forEach(kek -> wrapped.add(kek.asString()));
        assertThat(wrapped).as("retention keys").isNotEmpty();
        wrapped.addAll(jdbc.sql("SELECT wrapped_keyset FROM system_key")
                .query(String.class)
                .list());
        wrapped.addAll(jdbc.sql("SELECT wrapped_keyset FROM org_key")
                .query(String.class)
                .list());
        assertThat(wrapped).hasSize(result.rewrapped());
        for (String keyset : wrapped) {
            byte[] encrypted = Base64.getDecoder()
                    .decode(JSON.readTree(keyset).get("encryptedKeyset").asString());
            assertThat(Integer.toUnsignedLong(keyId(encrypted))).isEqualTo(primary);
        }
        sendText(chat.bob(), chat.conversation(), "written after");
        assertThat(get(chat.alice(), "/api/v1/conversations/" + chat.conversation() + "/messages")
                        .text())
                .contains("written before the master key rotated", "written after");
        assertThat(get(chat.alice(), "/api/v1/conversations/" + ward)
                        .json()
                        .get("conversation")
                        .get("topic")
                        .asString())
                .as("a topic sealed under the organisation's key, re-wrapped too")
                .isEqualTo("Ward round");
    }

    static int keyId(byte[] tinkCiphertext) {
        return java.nio.ByteBuffer.wrap(tinkCiphertext, 1, 4).getInt();
    }

    byte[] body(String conversation, long seq) {
        return jdbc.sql("SELECT body FROM message WHERE conversation_id = ? AND seq = ?")
                .params(conversation, seq)
                .query(byte[].class)
                .single();
    }

    void setBody(String conversation, long seq, byte[] body) {
        transactions.write(() -> jdbc.sql("UPDATE message SET body = ? WHERE conversation_id = ? AND seq = ?")
                .params(body, conversation, seq)
                .update());
    }

    static JsonNode entry(JsonNode history, long seq) {
        return history.valueStream()
                .filter(e -> e.get("seq").asLong() == seq)
                .findFirst()
                .orElseThrow();
    }
}
