package org.carechat.conversation;

import java.util.List;
import org.carechat.identity.CurrentUser;
import org.springframework.stereotype.Service;

/**
 * Where each of a user's conversations stands: its newest seq, linked patient and purge, and nothing else. What a
 * reconnecting socket's resume reads (twice: to plan, then after its watches are set); unlike
 * {@link ConversationService#conversationsOf} it decrypts no topic, which a reconnect storm would otherwise do
 * thousands of times a second for nothing.
 */
@Service
public class ConversationPositions {

    /**
     * @param purgedAt when the retention purge emptied it, else {@code null}
     */
    public record Position(String id, long lastSeq, String patientId, Long purgedAt) {}

    private final ConversationRepository repository;

    ConversationPositions(ConversationRepository repository) {
        this.repository = repository;
    }

    /** The positions of the conversations {@code actor} is a member of, in one query; not audited (no content). */
    public List<Position> of(CurrentUser actor) {
        return repository.findPositionsForMember(actor.orgId(), actor.userId());
    }
}
