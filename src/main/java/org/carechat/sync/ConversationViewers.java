package org.carechat.sync;

import java.util.Collection;
import java.util.Map;
import org.carechat.identity.CurrentUser;

/**
 * Conversations a person may follow without being a member: a contact request's thread has no members, and is read
 * by the staff who may work the request and by the patient who raised it (the contact feature decides). Resume and
 * the {@code watch} frame ask here for every conversation named that is not one of the caller's.
 */
public interface ConversationViewers {

    /**
     * @param newestSeq the conversation's newest seq
     * @param patientId the patient record it concerns, for the audit row of what is sent; may be null
     */
    record Viewable(long newestSeq, String patientId) {}

    /** Of {@code conversationIds}, those {@code viewer} may follow now, each with its newest seq. */
    Map<String, Viewable> viewable(CurrentUser viewer, Collection<String> conversationIds);
}
