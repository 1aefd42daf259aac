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
import java.util.stream.Collectors;
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
    /** The key of a reply's meta naming the seq it answers. */
    static final String REPLY_TO = "replyTo";

    private final ConversationCipher cipher;
    private final TimelineRepository repository;
    private final UserService users;
    private final EntryAttachments attachments;
    private final JsonMapper json;
    private final Counter integrityFailures;

    EntryReader(
            ConversationCipher cipher,
            TimelineRepository repository,
            UserService users,
            EntryAttachments attachments,
            JsonMapper json,
            MeterRegistry meters) {
        this.cipher = cipher;
        this.repository = repository;
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
        Map<String, Map<Long, TimelineEntry.Quote>> quotes = quotesOf(orgId, rows);
        List<TimelineEntry> entries = new ArrayList<>(rows.size());
        for (StoredEntry e : rows) {
            boolean deleted = e.deletedAt() != null;
            String body = null;
            Boolean unreadable = null;
            if (e.body() != null && !deleted) {
                try {
                    body = decrypt(e);
                } catch (IllegalStateException integrityFailure) {
                    unreadable = true;
                }
            }
            Long replyTo = deleted ? null : replyTo(e);
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
                    unreadable,
                    replyTo == null
                            ? null
                            : quotes.getOrDefault(e.conversationId(), Map.of()).get(replyTo)));
        }
        return entries;
    }

    /** A stored text, decrypted; an altered or moved one is counted and refused (the rest of its page is shown). */
    private String decrypt(StoredEntry e) {
        try {
            return cipher.decrypt(e.conversationId(), e.seq(), e.id(), e.body());
        } catch (IllegalStateException integrityFailure) {
            log.error("message {} of conversation {} failed its integrity check", e.seq(), e.conversationId());
            integrityFailures.increment();
            throw integrityFailure;
        }
    }

    /** The seq a text answers ({@code meta.replyTo}), or null. */
    private Long replyTo(StoredEntry e) {
        if (!e.kind().carriesText() || e.meta() == null || !e.meta().contains(REPLY_TO)) {
            return null;
        }
        return json.readValue(e.meta(), META).get(REPLY_TO) instanceof Number seq ? seq.longValue() : null;
    }

    /**
     * The messages the replies among {@code rows} quote, read in one query per conversation, by conversation and
     * seq.
     */
    private Map<String, Map<Long, TimelineEntry.Quote>> quotesOf(String orgId, List<StoredEntry> rows) {
        Map<String, Set<Long>> wanted = new HashMap<>();
        for (StoredEntry e : rows) {
            Long seq = e.deletedAt() == null ? replyTo(e) : null;
            if (seq != null) {
                wanted.computeIfAbsent(e.conversationId(), c -> new HashSet<>()).add(seq);
            }
        }
        Map<String, Map<Long, TimelineEntry.Quote>> all = new HashMap<>();
        wanted.forEach((conversationId, seqs) -> all.put(conversationId, quotes(orgId, conversationId, seqs)));
        return all;
    }

    /** The quotes of the messages at {@code seqs} of one conversation, by seq. */
    Map<Long, TimelineEntry.Quote> quotes(String orgId, String conversationId, Set<Long> seqs) {
        List<StoredEntry> quoted = repository.bySeqs(orgId, conversationId, seqs);
        Map<String, String> names = users.displayNames(
                orgId, quoted.stream().map(StoredEntry::senderId).collect(Collectors.toSet()));
        Map<Long, TimelineEntry.Quote> bySeq = new HashMap<>();
        for (StoredEntry q : quoted) {
            String excerpt = null;
            if (q.deletedAt() == null && q.body() != null) {
                try {
                    excerpt = excerpt(decrypt(q));
                } catch (IllegalStateException integrityFailure) {
                    // shown as gone: the quoted text cannot be trusted
                }
            }
            bySeq.put(
                    q.seq(),
                    new TimelineEntry.Quote(q.seq(), q.senderId(), names.get(q.senderId()), excerpt, excerpt == null));
        }
        return bySeq;
    }

    private static String excerpt(String text) {
        int limit = TimelineEntry.Quote.EXCERPT;
        if (text.codePointCount(0, text.length()) <= limit) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, limit - 1)) + "…";
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
