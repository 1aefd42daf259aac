package org.carechat.realtime;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

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
