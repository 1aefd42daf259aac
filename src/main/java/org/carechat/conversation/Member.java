package org.carechat.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A member of a conversation and their two monotonic markers.
 *
 * @param readSeq      the member has read everything up to this seq
 * @param deliveredSeq one of the member's devices has acknowledged everything up to this seq
 * @param joinedSeq    the timeline position when the member was added
 * @param viaTeam      a member because they are in the conversation's care team (leaving the team removes them)
 */
public record Member(
        String conversationId,
        String userId,
        Role role,
        long readSeq,
        long deliveredSeq,
        long joinedSeq,
        boolean viaTeam) {

    /** A member added in person. */
    public Member(String conversationId, String userId, Role role, long readSeq, long deliveredSeq, long joinedSeq) {
        this(conversationId, userId, role, readSeq, deliveredSeq, joinedSeq, false);
    }

    public enum Role {
        OWNER,
        MEMBER;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }
}
