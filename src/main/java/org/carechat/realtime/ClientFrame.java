package org.carechat.realtime;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.carechat.web.ApiProblem;
import org.carechat.web.IdFormat;

/**
 * A frame from client to server: JSON with a {@code type} field. Unknown types or fields are refused with an
 * {@code error} frame naming the problem.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientFrame.Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
    @JsonSubTypes.Type(value = ClientFrame.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
    @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientFrame.Acknowledge.class, name = "acknowledge")
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
                        IdFormat.require(cursor.c(), "the conversation id in each cursor's 'c'");
                    });
                }
            }
            case Send send -> {
                optional(send.id(), "the frame's 'id'");
                conversation(send.c());
                if (send.attachments() != null) {
                    send.attachments().forEach(a -> IdFormat.require(a, "each attachment id"));
                }
            }
            case Ping ping -> optional(ping.id(), "the frame's 'id'");
            case Ack ack -> conversation(ack.c());
            case Read read -> conversation(read.c());
            case Typing typing -> conversation(typing.c());
            case Acknowledge ack -> conversation(ack.c());
        }
    }

    private static void conversation(String c) {
        if (c == null || c.isBlank()) {
            throw ApiProblem.badRequest("The frame needs the conversation id in 'c'");
        }
        IdFormat.require(c, "the conversation id in 'c'");
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

    record Cursor(String c, long seq) {}

    /**
     * Send a text message ({@code urgent}: each staff recipient must acknowledge it), with the ids of attachments
     * uploaded before (optional; text is required with them); answered by a {@code result} frame with the same
     * {@code id} once committed.
     */
    record Send(String id, String c, String clientMsgId, String body, Boolean urgent, List<String> attachments)
            implements ClientFrame {
        @Override
        public String toString() {
            return "Send[id=" + id + ", c=" + c + ", clientMsgId=" + clientMsgId + ", body=("
                    + (body == null ? 0 : body.length()) + " characters)]";
        }
    }

    /** This device has received everything in {@code c} up to {@code upTo} (cumulative). */
    record Ack(String c, long upTo) implements ClientFrame {}

    /** I have read everything in {@code c} up to {@code upTo}. */
    record Read(String c, long upTo) implements ClientFrame {}

    /** I am typing in {@code c} (ephemeral, relayed to the other members' open clients). */
    record Typing(String c) implements ClientFrame {}

    record Ping(String id) implements ClientFrame {}

    /** I acknowledge the urgent message at {@code seq} of {@code c} (distinct from read; docs/urgent.md). */
    record Acknowledge(String c, long seq) implements ClientFrame {}
}
