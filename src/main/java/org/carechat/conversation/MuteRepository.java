package org.carechat.conversation;

import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code muted} flag of {@code conversation_member}: each member's own, never shown to the others. */
@Repository
class MuteRepository {

    private final JdbcClient jdbc;

    MuteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether the flag changed */
    boolean set(String orgId, String conversationId, String userId, boolean muted) {
        return jdbc.sql("UPDATE conversation_member SET muted = ? WHERE org_id = ? AND conversation_id = ? "
                                + "AND user_id = ? AND muted <> ?")
                        .params(muted ? 1 : 0, orgId, conversationId, userId, muted ? 1 : 0)
                        .update()
                == 1;
    }

    Set<String> mutedConversations(String orgId, String userId) {
        return new HashSet<>(jdbc.sql("SELECT conversation_id FROM conversation_member WHERE org_id = ? "
                        + "AND user_id = ? AND muted = 1")
                .params(orgId, userId)
                .query(String.class)
                .list());
    }

    Set<String> mutedMembers(String orgId, String conversationId) {
        return new HashSet<>(jdbc.sql("SELECT user_id FROM conversation_member WHERE org_id = ? "
                        + "AND conversation_id = ? AND muted = 1")
                .params(orgId, conversationId)
                .query(String.class)
                .list());
    }
}
