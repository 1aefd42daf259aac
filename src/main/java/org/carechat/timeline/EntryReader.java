package org.carechat.timeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns stored rows into entries as members see them: texts decrypted (an altered or moved one is marked
 * unreadable, the rest still shown), senders named, a text's attachments described instead of listed by id.
 */
@Component
class EntryReader {

    private static final Logger log = LoggerFactory.getLogger(EntryReader.class);
    private static final TypeReference<Map<String, Object>> META = new TypeReference<>() {};

    private final ConversationCipher cipher;
    private final UserService users;
    private final EntryAttachments attachments;
    private final JsonMapper json;
    private final Counter integrityFailures;

    EntryReader(
            ConversationCipher cipher,
            UserService users,
            EntryAttachments attachments,
            JsonMapper json,
            MeterRegistry meters) {
        this.cipher = cipher;
        this.users = users;
        this.attachments = attachments;
        this.json = json;
        this.integrityFailures = Counter.builder("carechat.message.integrity.failures")
                .description("Stored message texts that failed their integrity check")
                .register(meters);
    }

    List<TimelineEntry> read(String orgId, List<StoredEntry> rows) {
        Set<String> senderIds = new HashSet<>();
        rows.forEach(e -> senderIds.add(e.senderId()));
        Map<String, List<EntryAttachments.Attachment>> files = attachmentsOf(orgId, rows);
        Map<String, String> senders = users.displayNames(orgId, senderIds);
        List<TimelineEntry> entries = new ArrayList<>(rows.size());
        for (StoredEntry e : rows) {
            boolean deleted = e.deletedAt() != null;
            String body = null;
            Boolean unreadable = null;
            if (e.body() != null && !deleted) {
                try {
                    body = cipher.decrypt(e.conversationId(), e.seq(), e.id(), e.body());
                } catch (IllegalStateException integrityFailure) {
                    // Altered, or copied from another row: refused, and the rest of the conversation still shown.
                    log.error("message {} of conversation {} failed its integrity check", e.seq(), e.conversationId());
                    integrityFailures.increment();
                    unreadable = true;
                }
            }
            entries.add(new TimelineEntry(
                    e.id(),
                    e.conversationId(),
                    e.seq(),
                    e.kind(),
                    e.senderId(),
                    senders.get(e.senderId()),
                    e.clientMsgId(),
                    body,
                    shownMeta(e, files),
                    e.createdAt(),
                    deleted,
                    null,
                    unreadable));
        }
        return entries;
    }

    /** Stored: a text's attachments' ids. Shown: their descriptions, and none for a deleted text. */
    private Map<String, Object> shownMeta(StoredEntry e, Map<String, List<EntryAttachments.Attachment>> files) {
        Map<String, Object> meta = e.meta() == null ? null : json.readValue(e.meta(), META);
        if (meta == null || !e.kind().carriesText()) {
            return meta;
        }
        Map<String, Object> shown = new LinkedHashMap<>(meta);
        shown.remove(EntryAttachments.META_KEY);
        if (e.deletedAt() == null && files.containsKey(e.id())) {
            shown.put(EntryAttachments.META_KEY, files.get(e.id()));
        }
        return shown.isEmpty() ? null : shown;
    }

    /** The attachments of the texts among {@code rows} that may have any, by entry id. */
    private Map<String, List<EntryAttachments.Attachment>> attachmentsOf(String orgId, List<StoredEntry> rows) {
        Map<String, List<String>> idsByConversation = new HashMap<>();
        for (StoredEntry e : rows) {
            if (e.kind().carriesText() && e.meta() != null && e.deletedAt() == null) {
                idsByConversation
                        .computeIfAbsent(e.conversationId(), c -> new ArrayList<>())
                        .add(e.id());
            }
        }
        Map<String, List<EntryAttachments.Attachment>> all = new HashMap<>();
        idsByConversation.forEach(
                (conversationId, entryIds) -> all.putAll(attachments.describe(orgId, conversationId, entryIds)));
        return all;
    }
}
