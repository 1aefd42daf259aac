package org.carechat.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carechat.identity.Role;
import org.carechat.message.MessageService;
import org.carechat.org.Organisation;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * T-REL-07: a device offline while 10,000 messages arrive in 50 conversations gets every one of them on resume, in
 * order, with no gap and no repeat. The time from the resume to {@code sync_complete} is written to
 * {@code target/offline-catch-up-<database>.json} (a figure for docs/performance.md, not asserted).
 */
@Timeout(600)
abstract class OfflineCatchUpScenarios extends ServerTest {

    static final int CONVERSATIONS = 50;
    static final int MESSAGES = 10_000;

    @Autowired
    MessageService messages;

    @Test
    void aDeviceOfflineWhileTenThousandMessagesArriveInFiftyConversationsGetsThemAllInOrderOnResume() throws Exception {
        Organisation org = newOrg();
        Staff reader = newStaff(org, Role.NURSE, "Rita Reader");
        List<Staff> senders = new ArrayList<>();
        List<String> conversations = new ArrayList<>();
        Map<String, Long> cursors = new HashMap<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            Staff sender = newStaff(org, Role.CLINICIAN, "Sender " + i);
            senders.add(sender);
            String c = direct(sender, reader);
            conversations.add(c);
        }
        try (WsClient before = connect(reader)) {
            before.send(Map.of("type", "resume"));
            before.awaitType("sync_complete", 30);
            for (JsonNode batch : before.frames("batch")) {
                batch.get("events")
                        .forEach(e -> cursors.merge(
                                batch.get("c").asString(), e.get("seq").asLong(), Math::max));
            }
        }
        assertThat(cursors).hasSize(CONVERSATIONS);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            int n = i;
            sends.add(pool.submit(() -> {
                for (int m = 0; m < MESSAGES / CONVERSATIONS; m++) {
                    messages.send(
                            asCurrent(senders.get(n)),
                            conversations.get(n),
                            UUID.randomUUID().toString(),
                            "while you were away " + n + "/" + m);
                }
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        pool.shutdown();

        List<Map<String, Object>> resumeFrom = new ArrayList<>();
        cursors.forEach((c, seq) -> resumeFrom.add(Map.of("c", c, "seq", seq)));
        try (WsClient after = connect(reader)) {
            long start = System.nanoTime();
            after.send(Map.of("type", "resume", "cursors", resumeFrom));
            after.awaitType("sync_complete", 300);
            long millis = (System.nanoTime() - start) / 1_000_000;

            Map<String, List<Long>> received = new HashMap<>();
            int texts = 0;
            for (JsonNode frame : after.frames()) {
                if ("batch".equals(frame.get("type").asString())) {
                    assertThat(frame.get("limited").asBoolean())
                            .as("all within one catch-up")
                            .isFalse();
                    for (JsonNode e : frame.get("events")) {
                        received.computeIfAbsent(frame.get("c").asString(), k -> new ArrayList<>())
                                .add(e.get("seq").asLong());
                        texts += "text".equals(e.get("kind").asString()) ? 1 : 0;
                    }
                }
            }
            assertThat(texts).isEqualTo(MESSAGES);
            for (String c : conversations) {
                List<Long> seqs = received.get(c);
                long expectedFirst = cursors.get(c) + 1;
                for (int i = 0; i < seqs.size(); i++) {
                    assertThat(seqs.get(i))
                            .as("conversation %s, entry %d", c, i)
                            .isEqualTo(expectedFirst + i);
                }
                assertThat(seqs).hasSize(MESSAGES / CONVERSATIONS);
            }
            Files.writeString(
                    Path.of("target", "offline-catch-up-" + getClass().getSimpleName() + ".json"),
                    "{\"messages\": " + MESSAGES + ", \"conversations\": " + CONVERSATIONS
                            + ", \"resumeToSyncCompleteMillis\": " + millis + "}\n",
                    StandardCharsets.UTF_8);
        }
    }
}
