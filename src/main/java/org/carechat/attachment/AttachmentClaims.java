package org.carechat.attachment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.timeline.EntryAttachments;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/** Binds uploads to the text they are sent with, and describes a text's attachments to its readers. */
@Component
class AttachmentClaims implements EntryAttachments {

    static final String NAME_PART = "name";

    private final AttachmentRepository repository;
    private final ConversationCipher cipher;
    private final Clock clock;

    AttachmentClaims(AttachmentRepository repository, ConversationCipher cipher, Clock clock) {
        this.repository = repository;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Override
    public List<Attachment> attach(
            CurrentUser sender, String conversationId, String entryId, long seq, List<String> ids) {
        long now = clock.millis();
        List<Attachment> attached = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (!repository.attach(sender.orgId(), conversationId, sender.userId(), id, entryId, seq, now)) {
                throw ApiProblem.badRequest("Attachment " + id + " is not an upload of yours to this conversation "
                        + "that is ready to send (sent already, or abandoned after too long); upload it again");
            }
            attached.add(
                    view(repository.find(sender.orgId(), conversationId, id).orElseThrow()));
        }
        return attached;
    }

    @Override
    public Map<String, List<Attachment>> describe(String orgId, String conversationId, Collection<String> messageIds) {
        Map<String, List<Attachment>> byMessage = new LinkedHashMap<>();
        for (StoredAttachment a : repository.ofMessages(orgId, conversationId, messageIds)) {
            byMessage.computeIfAbsent(a.messageId(), m -> new ArrayList<>()).add(view(a));
        }
        return byMessage;
    }

    Attachment view(StoredAttachment a) {
        return new Attachment(a.id(), name(a), a.contentType(), a.sizeBytes(), a.hasThumbnail(), a.width(), a.height());
    }

    /** The file name as given; a name that fails its integrity check is shown as the fallback, not refused. */
    String name(StoredAttachment a) {
        try {
            return new String(
                    cipher.decryptPart(a.conversationId(), a.id(), NAME_PART, a.name()), StandardCharsets.UTF_8);
        } catch (IllegalStateException | NullPointerException unreadable) {
            return DisplayName.FALLBACK;
        }
    }
}
