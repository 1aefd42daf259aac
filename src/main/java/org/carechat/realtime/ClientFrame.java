package org.carechat.realtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.carechat.web.ApiProblem;
import org.carechat.web.IdFormat;

/**
 * A frame from client to server: JSON with a {@code type} field. Unknown types or fields are refused with an
 * {@code error} frame naming the problem. On the wire a conversation id is {@code c}; here it is
 * {@code conversationId}, so it is never mistaken for the connection.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientFrame.Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
    @JsonSubTypes.Type(value = ClientFrame.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
    @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientFrame.AcknowledgeUrgent.class, name = "acknowledge"),
    @JsonSubTypes.Type(value = ClientFrame.Watch.class, name = "watch"),
    @JsonSubTypes.Type(value = ClientFrame.Unwatch.class, name = "unwatch"),
    @JsonSubTypes.Type(value = ClientFrame.Visibility.class, name = "visibility")
})
sealed interface ClientFrame {

    /**
     * Checks the ids the frame carries ({@link IdFormat}) before anything uses them, so that none is looked up, stored
     * or quoted back at length.
     *
     * @throws ApiProblem 400 naming the field
     */
    default void checkIds() {
        switch (this) {
            case Resume r -> {
                if (r.cursors() != null) {
                    r.cursors().forEach(cursor -> {
                        if (cursor == null) {
                            throw ApiProblem.badRequest("Each cursor must be an object with 'c' and 'seq'");
                        }
                        IdFormat.require(cursor.conversationId(), "the conversation id in each cursor's 'c'");
                    });
                }
            }
            case Send send -> {
                optional(send.id(), "the frame's 'id'");
                conversation(send.conversationId());
                if (send.attachments() != null) {
                    send.attachments().forEach(a -> IdFormat.require(a, "each attachment id"));
                }
                if (send.mentions() != null) {
                    send.mentions().forEach(m -> IdFormat.require(m, "each mentioned user id"));
                }
            }
            case Ping ping -> optional(ping.id(), "the frame's 'id'");
            case Ack ack -> conversation(ack.conversationId());
            case Read read -> conversation(read.conversationId());
            case Typing typing -> conversation(typing.conversationId());
            case AcknowledgeUrgent urgentAck -> conversation(urgentAck.conversationId());
            case Watch watch -> conversation(watch.conversationId());
            case Unwatch unwatch -> conversation(unwatch.conversationId());
            case Visibility visibility -> {
                if (visibility.visible() == null) {
                    throw ApiProblem.badRequest("The visibility frame needs 'visible': true or false");
                }
            }
        }
    }

    private static void conversation(String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw ApiProblem.badRequest("The frame needs the conversation id in 'c'");
        }
        IdFormat.require(conversationId, "the conversation id in 'c'");
    }

    private static void optional(String id, String what) {
        if (id != null) {
            IdFormat.require(id, what);
        }
    }

    /**
     * Start (or restart) delivery: send me what I miss after these cursors, then everything live.
     *
     * @param others where the conversations not named in {@code cursors} start: {@code "device"} (the default:
     *               this device's acknowledged cursor, else the newest entries) or {@code "latest"} (their newest
     *               entry: nothing is caught up, only what follows is pushed)
     */
    record Resume(List<Cursor> cursors, String others) implements ClientFrame {}

    record Cursor(@JsonProperty("c") String conversationId, long seq) {}

    /**
     * Send a text message ({@code urgent}: each staff recipient must acknowledge it), with the ids of attachments
     * uploaded before (optional; text is required with them), the seq of the message it answers ({@code replyTo},
     * optional) and the members it mentions ({@code mentions}, user ids, optional); answered by a {@code result} frame with the same {@code id} once committed.
     */
    record Send(
            String id,
            @JsonProperty("c") String conversationId,
            String clientMsgId,
            String body,
            Boolean urgent,
            List<String> attachments,
            Long replyTo,
            List<String> mentions)
            implements ClientFrame {
        @Override
        public String toString() {
            return "Send[id=" + id + ", c=" + conversationId + ", clientMsgId=" + clientMsgId + ", body=("
                    + (body == null ? 0 : body.length()) + " characters)]";
        }
    }

    /**
     * This device has received everything in the conversation up to {@code upTo} (cumulative): its delivery cursor.
     * Not to be confused with {@link AcknowledgeUrgent}.
     */
    record Ack(@JsonProperty("c") String conversationId, long upTo) implements ClientFrame {}

    /** I have read everything in the conversation up to {@code upTo}. */
    record Read(@JsonProperty("c") String conversationId, long upTo) implements ClientFrame {}

    /** I am typing in the conversation (ephemeral, relayed to the other members' open clients). */
    record Typing(@JsonProperty("c") String conversationId) implements ClientFrame {}

    record Ping(String id) implements ClientFrame {}

    /**
     * The {@code acknowledge} frame: I acknowledge the urgent message at {@code seq} of the conversation (distinct from
     * read, and from the delivery {@link Ack}; docs/urgent.md).
     */
    record AcknowledgeUrgent(@JsonProperty("c") String conversationId, long seq) implements ClientFrame {}

    /**
     * Follow a conversation on this socket from {@code seq} on: what follows it is sent as a {@code batch}, then live.
     * For a conversation the caller may read without being a member (a contact request's thread); a member's own
     * conversations are followed from {@code resume} on anyway.
     */
    record Watch(@JsonProperty("c") String conversationId, long seq) implements ClientFrame {}

    /** Stop following a conversation named by {@link Watch} (the request was closed on screen). */
    record Unwatch(@JsonProperty("c") String conversationId) implements ClientFrame {}

    /**
     * The app on this socket is in the foreground ({@code visible}: its page is shown) or not (hidden, locked
     * screen). While any socket of a user is in the foreground, new messages are not pushed to them (docs/delivery.md).
     * A socket counts as in the foreground until it says otherwise.
     */
    record Visibility(Boolean visible) implements ClientFrame {}
}
