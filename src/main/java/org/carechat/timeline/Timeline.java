package org.carechat.timeline;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one owner of conversation timelines (docs/delivery.md): every entry — a text, a membership change, a step of an
 * urgent message — is appended here, and read back from here.
 *
 * <p>Appending is: take the conversation's next seq ({@code UPDATE conversation SET last_seq = last_seq + 1 ...
 * RETURNING}, which holds its row lock until commit), insert the entry, and ring the doorbell once the caller's unit
 * of work has committed. Call the appends inside that unit ({@link Transactions#write}), together with the change the
 * entry records and its audit row: they commit together or not at all, and a unit that is undone gives its seq back,
 * so seqs are dense and commit in order. Nothing is rung, nor cached, for a unit that is undone.
 *
 * <p>Just-committed texts are kept in memory ({@link RecentEntries}) so that live pushes of a new message to its
 * members' sockets need not read it back; a deletion forgets its conversation there.
 */
@Service
public class Timeline {

    private final TimelineRepository repository;
    private final EntryReader reader;
    private final RecentEntries recent;
    private final ConversationCipher cipher;
    private final EntryAttachments attachments;
    private final Doorbell doorbell;
    private final Transactions transactions;
    private final JsonMapper json;
    private final Ids ids;
    private final Clock clock;

    Timeline(
            TimelineRepository repository,
            EntryReader reader,
            RecentEntries recent,
            ConversationCipher cipher,
            EntryAttachments attachments,
            Doorbell doorbell,
            Transactions transactions,
            JsonMapper json,
            Ids ids,
            Clock clock) {
        this.repository = repository;
        this.reader = reader;
        this.recent = recent;
        this.cipher = cipher;
        this.attachments = attachments;
        this.doorbell = doorbell;
        this.transactions = transactions;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * The key of a text's meta listing the members it mentions, by id; each is also stored as a row of
     * {@code message_mention}, which unread mentions are counted from.
     */
    public static final String MENTIONS = "mentions";

    /** A text as stored: its id, its place in the timeline and when it was committed. */
    public record Appended(String id, long seq, long createdAt) {}

    /** A visible text, without its body: who sent it. */
    public record TextRef(String id, long seq, String senderId) {}

    /**
     * The sender already sent a text with this client message id. Thrown out of the unit of work, so that the seq the
     * attempt took is given back; the caller answers with the original ({@link #sentBefore}).
     */
    public static final class RetriedText extends RuntimeException {
        RetriedText() {
            super(null, null, false, false);
        }
    }

    /**
     * Appends an event entry. Call inside the unit of work that makes the change it records; rings after its commit.
     *
     * @param actorId who made the change (the entry's sender)
     * @param meta    ids, codes and times only; never clinical content
     * @return the entry's seq
     */
    public long append(String orgId, String conversationId, String actorId, EntryKind kind, Map<String, Object> meta) {
        if (kind.carriesText()) {
            throw new IllegalArgumentException("a " + kind.code() + " entry is appended with appendText");
        }
        long now = clock.millis();
        long seq = repository.nextSeq(orgId, conversationId, now);
        repository.insert(new StoredEntry(
                ids.next(),
                orgId,
                conversationId,
                seq,
                actorId,
                null,
                kind,
                null,
                json.writeValueAsString(meta),
                now,
                null,
                null));
        doorbell.ringAfterCommit(new Ring.TimelineMoved(orgId, conversationId, seq, kind.changesMembers()));
        return seq;
    }

    /**
     * Appends a text (a {@code text} entry, or an SMS out or in): encrypted with the conversation's key and bound to (conversation, seq, id), its attachments
     * bound to it. Call inside the send's unit of work, after the checks; rings (and caches the text) after commit.
     *
     * @throws RetriedText when the sender sent a text with the same client message id before (unique index on
     *                     (conversation, sender, client message id)): let it leave the unit so that it is undone
     * @throws ApiProblem 400 when an attachment is not a ready upload of the sender's here; 409 when the
     *     conversation was purged or its patient discharged
     */
    public Appended appendText(NewText text) {
        CurrentUser sender = text.sender();
        String conversationId = text.conversationId();
        long seq = repository
                .nextSeqForText(sender.orgId(), conversationId, clock.millis())
                .orElseThrow(() -> ApiProblem.conflict("This conversation is closed to new messages: its patient was "
                        + "discharged, or its messages were purged by the organisation's retention policy. Start a new "
                        + "conversation."));
        String id = ids.next();
        long now = clock.millis();
        byte[] ciphertext = cipher.encrypt(sender.orgId(), conversationId, seq, id, text.body());
        Map<String, Object> stored = new LinkedHashMap<>(text.meta());
        if (!text.attachmentIds().isEmpty()) {
            stored.put(EntryAttachments.META_KEY, text.attachmentIds());
        }
        boolean inserted = repository.insertUnlessRetry(new StoredEntry(
                id,
                sender.orgId(),
                conversationId,
                seq,
                sender.userId(),
                text.clientMsgId(),
                text.kind(),
                ciphertext,
                stored.isEmpty() ? null : json.writeValueAsString(stored),
                now,
                null,
                text.copyOf()));
        if (!inserted) {
            throw new RetriedText();
        }
        if (text.meta().get(MENTIONS) instanceof List<?> mentioned) {
            repository.insertMentions(
                    sender.orgId(),
                    conversationId,
                    seq,
                    mentioned.stream().map(String::valueOf).toList());
        }
        Map<String, Object> shown = stored.isEmpty() ? null : new LinkedHashMap<>(stored);
        if (!text.attachmentIds().isEmpty()) {
            shown.put(
                    EntryAttachments.META_KEY,
                    attachments.attach(sender, conversationId, id, seq, text.attachmentIds()));
        }
        TimelineEntry entry = new TimelineEntry(
                id,
                conversationId,
                seq,
                text.kind(),
                sender.userId(),
                sender.displayName(),
                text.clientMsgId(),
                text.body(),
                shown,
                now,
                false,
                null,
                null,
                quoteOf(sender.orgId(), conversationId, text.meta()));
        transactions.afterCommit(() -> recent.put(entry)); // before the ring, so the pushes find it
        doorbell.ringAfterCommit(new Ring.TimelineMoved(sender.orgId(), conversationId, seq, false));
        return new Appended(id, seq, now);
    }

    /** The quote a reply carries live, as a page of the history would show it; null for a text that answers none. */
    private TimelineEntry.Quote quoteOf(String orgId, String conversationId, Map<String, Object> meta) {
        if (!(meta.get(EntryReader.REPLY_TO) instanceof Long seq)) {
            return null;
        }
        return reader.quotes(orgId, conversationId, java.util.Set.of(seq)).get(seq);
    }

    /**
     * Deletes a text for everyone: marked (kept encrypted for audit, hidden from members), and a
     * {@code message_deleted} entry naming it tells live clients to remove it. Call inside the unit of work that
     * checked it ({@link #visibleText}) and the actor's right.
     *
     * @return the seq of the {@code message_deleted} entry
     */
    public long deleteText(String orgId, String conversationId, long seq, String actorId) {
        repository.markDeleted(orgId, conversationId, seq, actorId, clock.millis());
        transactions.afterCommit(() -> recent.forget(conversationId)); // its cached copy still shows the text
        return append(orgId, conversationId, actorId, EntryKind.MESSAGE_DELETED, Map.of("seq", seq));
    }

    /**
     * Purges a conversation's timeline (docs/retention.md): marks the conversation purged, blanks its texts and appends
     * the {@link EntryKind#PURGED} tombstone, in the caller's unit of work (which destroys the keyset and writes the
     * audit row). Does nothing when the conversation had activity after {@code lastActivityAt}, when its purge was
     * decided: its purge day moved.
     *
     * @param actorId the organisation's automatic account, the tombstone's sender
     * @param reason  {@code policy} or {@code discharge}
     * @return the tombstone's seq, or empty when nothing was purged
     */
    public java.util.OptionalLong purge(
            String orgId, String conversationId, long lastActivityAt, String actorId, String reason) {
        long now = clock.millis();
        if (!repository.markPurged(orgId, conversationId, lastActivityAt, now)) {
            return java.util.OptionalLong.empty();
        }
        repository.blankTexts(orgId, conversationId, now);
        transactions.afterCompletion(() -> recent.forget(conversationId)); // its cached texts are gone
        return java.util.OptionalLong.of(
                append(orgId, conversationId, actorId, EntryKind.PURGED, Map.of("purgedAt", now, "reason", reason)));
    }

    /**
     * Erases one sender's texts from a conversation that is not purged (a patient's erasure, docs/retention.md): their
     * ciphertexts are blanked and they read as deleted; no entry is appended (the erasure is audited by its caller).
     * Call inside the caller's unit of work.
     *
     * @return how many texts were blanked
     */
    public int eraseTextsOf(String orgId, String conversationId, String senderId) {
        int blanked = repository.blankTextsOf(orgId, conversationId, senderId, clock.millis());
        transactions.afterCompletion(() -> recent.forget(conversationId)); // its cached copy still shows the texts
        return blanked;
    }

    /**
     * Entries after {@code after}, oldest first, at most {@code limit}, from the database: for resume, sync and live
     * pushes (not audited per push: the device's acknowledgement is, as delivery).
     */
    public List<TimelineEntry> after(String orgId, String conversationId, long after, int limit) {
        return reader.read(orgId, repository.after(orgId, conversationId, after, limit));
    }

    /**
     * Just-committed entries after {@code after} from memory, for live pushes: a gap-free run, or empty when they
     * are not all cached (the caller then reads {@link #after}).
     */
    public List<TimelineEntry> justCommittedAfter(String conversationId, long after, int limit) {
        return recent.after(conversationId, after, limit);
    }

    /**
     * When the entry at {@code seq} was committed (epoch ms), if there is one: from memory for a just-committed text,
     * which is what a device acknowledges moments later, else from the database.
     */
    public java.util.OptionalLong committedAt(String conversationId, long seq) {
        java.util.OptionalLong cached = recent.createdAt(conversationId, seq);
        return cached.isPresent() ? cached : repository.createdAt(conversationId, seq);
    }

    /** The {@code limit} entries just below {@code before}, oldest first ({@code Long.MAX_VALUE}: the newest). */
    public List<TimelineEntry> before(String orgId, String conversationId, long before, int limit) {
        return reader.read(orgId, repository.before(orgId, conversationId, before, limit));
    }

    /** The newest {@code limit} entries of {@code kinds}, oldest first (a contact request's history of steps). */
    public List<TimelineEntry> ofKinds(String orgId, String conversationId, java.util.Set<EntryKind> kinds, int limit) {
        return reader.read(
                orgId,
                repository.ofKinds(
                        orgId,
                        conversationId,
                        kinds.stream().map(EntryKind::code).toList(),
                        limit));
    }

    /** The text at {@code seq} when there is one and it is not deleted (its body is not decrypted). */
    public Optional<TextRef> visibleText(String orgId, String conversationId, long seq) {
        return repository
                .findBySeq(orgId, conversationId, seq)
                .filter(e -> e.kind().carriesText() && e.deletedAt() == null)
                .map(e -> new TextRef(e.id(), e.seq(), e.senderId()));
    }

    /** The entry at {@code seq}, text decrypted (for the SMS outbox, which sends what a text entry holds). */
    public Optional<TimelineEntry> at(String orgId, String conversationId, long seq) {
        return repository
                .findBySeq(orgId, conversationId, seq)
                .map(e -> reader.read(orgId, List.of(e)).getFirst());
    }

    /** The text {@code senderId} sent with {@code clientMsgId}, if any: the original of a retried send. */
    public Optional<Appended> sentBefore(String orgId, String conversationId, String senderId, String clientMsgId) {
        return repository
                .findByClientId(orgId, conversationId, senderId, clientMsgId)
                .map(e -> new Appended(e.id(), e.seq(), e.createdAt()));
    }

    /** Per conversation of {@code userId} that has texts: how many are visible and how many unread. */
    public Map<String, MessageCounts> counts(String orgId, String userId) {
        return repository.counts(orgId, userId);
    }

    /**
     * Per conversation of {@code userId}: how many visible texts of others after their read marker mention them
     * (only conversations with any).
     */
    public Map<String, Long> unreadMentions(String orgId, String userId) {
        return repository.unreadMentions(orgId, userId);
    }

    /** The organisation's visible texts, and the unread ones summed over every member (the console's figures). */
    public MessageCounts organisationCounts(String orgId) {
        return repository.organisationCounts(orgId);
    }

    /** The newest visible text of each conversation of {@code userId}. */
    public List<TimelineEntry> lastTexts(String orgId, String userId) {
        return reader.read(orgId, repository.lastTexts(orgId, userId));
    }
}
