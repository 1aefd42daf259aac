package org.carechat.sync;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationPositions;
import org.carechat.identity.CurrentUser;
import org.carechat.receipt.ReceiptService;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Decides what a reconnecting device is missing (docs/delivery.md §Resume): the client's cursors where it sent
 * them, else the device's acknowledged cursors, else — for a conversation the device has never seen — the most
 * recent {@value #NEW_CONVERSATION_WINDOW} entries (older history is paged over REST).
 */
@Service
public class SyncService {

    public static final int NEW_CONVERSATION_WINDOW = 50;

    private final ConversationPositions positions;
    private final ReceiptService receipts;
    private final AuditLog audit;
    private final Transactions transactions;
    private final ObjectProvider<ConversationViewers> viewers;

    private final MeterRegistry meters;

    SyncService(
            ConversationPositions positions,
            ReceiptService receipts,
            AuditLog audit,
            Transactions transactions,
            ObjectProvider<ConversationViewers> viewers,
            MeterRegistry meters) {
        this.meters = meters;
        this.positions = positions;
        this.receipts = receipts;
        this.audit = audit;
        this.transactions = transactions;
        this.viewers = viewers;
    }

    /** Where the conversations a client does not name in its cursors start. */
    public enum Others {
        /** After this device's acknowledged cursor, else the newest {@value #NEW_CONVERSATION_WINDOW} entries. */
        DEVICE,
        /**
         * After their newest entry: nothing is caught up. For a client that reads its overview over REST after
         * {@code sync_complete} (the web app with thousands of conversations, whose cursors would not fit a frame).
         */
        LATEST;

        /** @throws ApiProblem 400 for a value other than {@code device}, {@code latest} or none */
        public static Others parse(String value) {
            if (value == null || value.equals("device")) {
                return DEVICE;
            }
            if (value.equals("latest")) {
                return LATEST;
            }
            throw ApiProblem.badRequest("'others' must be \"device\" or \"latest\"");
        }
    }

    /**
     * @param clientCursors the highest seq the client holds per conversation (contiguous from its start)
     * @param others        where the conversations missing from {@code clientCursors} start
     */
    public ResumePlan plan(CurrentUser actor, Map<String, Long> clientCursors, Others others) {
        List<ConversationPositions.Position> mine = positions.of(actor);
        // The device's acknowledged cursors matter only for conversations the client did not name (none, after a
        // reconnect of a client that names all it holds: one read fewer per reconnect).
        boolean allNamed = mine.stream().allMatch(c -> clientCursors.containsKey(c.id()));
        Map<String, Long> deviceCursors =
                others == Others.LATEST || allNamed ? Map.of() : receipts.deviceCursors(actor.deviceId());
        Map<String, Long> startAfter = new HashMap<>();
        Map<String, Long> lastSeq = new HashMap<>();
        Map<String, String> patientIds = new HashMap<>();
        List<ResumePlan.Reset> resets = new ArrayList<>();
        for (ConversationPositions.Position c : mine) {
            lastSeq.put(c.id(), c.lastSeq());
            if (c.patientId() != null) {
                patientIds.put(c.id(), c.patientId());
            }
            Long cursor = clientCursors.getOrDefault(
                    c.id(), others == Others.LATEST ? Long.valueOf(c.lastSeq()) : deviceCursors.get(c.id()));
            if (cursor != null && cursor > c.lastSeq()) {
                resets.add(new ResumePlan.Reset(c.id(), "cursor_ahead"));
                cursor = null;
            } else if (c.purgedAt() != null && cursor != null && cursor < c.lastSeq()) {
                // The client may hold texts the purge took: it drops them and gets the tombstone (the last entry).
                resets.add(new ResumePlan.Reset(c.id(), "purged"));
                cursor = c.lastSeq() - 1;
            }
            startAfter.put(c.id(), cursor != null ? cursor : Math.max(0, c.lastSeq() - NEW_CONVERSATION_WINDOW));
        }
        List<String> notMine = clientCursors.keySet().stream()
                .filter(id -> !lastSeq.containsKey(id))
                .sorted()
                .toList();
        Map<String, ConversationViewers.Viewable> viewable = viewableOf(actor, notMine);
        for (String id : notMine) {
            ConversationViewers.Viewable v = viewable.get(id);
            if (v == null) {
                resets.add(new ResumePlan.Reset(id, "not_a_member"));
                continue;
            }
            lastSeq.put(id, v.newestSeq());
            if (v.patientId() != null) {
                patientIds.put(id, v.patientId());
            }
            long cursor = clientCursors.get(id);
            if (cursor > v.newestSeq()) {
                resets.add(new ResumePlan.Reset(id, "cursor_ahead"));
                cursor = Math.max(0, v.newestSeq() - NEW_CONVERSATION_WINDOW);
            }
            startAfter.put(id, cursor);
        }
        return new ResumePlan(startAfter, lastSeq, resets, patientIds);
    }

    /**
     * Where one conversation named by a {@code watch} frame starts for the caller: after {@code after} when they are a
     * member or may follow it ({@link ConversationViewers}); empty when they may not.
     */
    public java.util.Optional<ResumePlan> planOne(CurrentUser actor, String conversationId, long after) {
        ResumePlan all = plan(actor, Map.of(conversationId, after), Others.LATEST);
        if (!all.startAfter().containsKey(conversationId)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ResumePlan(
                Map.of(conversationId, all.startAfter().get(conversationId)),
                Map.of(conversationId, all.lastSeq().get(conversationId)),
                all.resets(),
                all.patientIds().containsKey(conversationId)
                        ? Map.of(conversationId, all.patientIds().get(conversationId))
                        : Map.of()));
    }

    private Map<String, ConversationViewers.Viewable> viewableOf(CurrentUser actor, List<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        Map<String, ConversationViewers.Viewable> all = new HashMap<>();
        viewers.orderedStream().forEach(v -> all.putAll(v.viewable(actor, conversationIds)));
        return all;
    }

    /**
     * Audits what a catch-up sent (a read of clinical data): one row per conversation with entries, in one
     * transaction. Live pushes are not audited one by one; the device's acknowledgement of them is.
     *
     * @param sent entries sent per conversation
     * @param via  {@code sync} (REST) or {@code resume} (WebSocket)
     */
    public void recordCatchUp(CurrentUser actor, ResumePlan plan, Map<String, Integer> sent, String via) {
        DistributionSummary.builder("carechat.sync.resume.entries")
                .description(
                        "Entries one catch-up sent (a socket's resume, or a REST sync), all conversations together")
                .baseUnit("entries")
                .tag("via", via)
                .register(meters)
                .record(sent.values().stream().mapToInt(Integer::intValue).sum());
        if (sent.values().stream().allMatch(n -> n == 0)) {
            return;
        }
        transactions.run(() -> {
            sent.forEach((conversationId, entries) -> {
                if (entries > 0) {
                    audit.record(actor.audit(AuditType.CONVERSATION_OPENED)
                            .target("conversation", conversationId)
                            .conversation(conversationId)
                            .patient(plan.patientIds().get(conversationId))
                            .detail("via", via)
                            .detail("entries", entries));
                }
            });
        });
    }
}
