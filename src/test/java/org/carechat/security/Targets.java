package org.carechat.security;

/**
 * The ids a probe puts in its path and body: substituted for the route's path variables.
 *
 * @param self         the caller's own user id (a member adding themselves)
 * @param conversation a conversation id
 * @param seq          a message seq in that conversation
 * @param user         a user id (a staff account, or the member to remove)
 * @param patient      a patient id
 * @param token        a session or device token id
 * @param mrn          a patient id (MRN) to search for
 * @param team         a care team id
 * @param attachment   an attachment (an image) sent in {@code conversation}
 * @param patientAccount the account of another record of {@code patient}'s person (same date of birth), to link
 */
record Targets(
        String self,
        String conversation,
        long seq,
        String user,
        String patient,
        String token,
        String mrn,
        String team,
        String attachment,
        String patientAccount) {

    Targets withConversation(String id) {
        return new Targets(self, id, seq, user, patient, token, mrn, team, attachment, patientAccount);
    }

    Targets withUser(String id) {
        return new Targets(self, conversation, seq, id, patient, token, mrn, team, attachment, patientAccount);
    }

    Targets withPatient(String id) {
        return new Targets(self, conversation, seq, user, id, token, mrn, team, attachment, patientAccount);
    }

    Targets withTeam(String id) {
        return new Targets(self, conversation, seq, user, patient, token, mrn, id, attachment, patientAccount);
    }

    Targets withToken(String id) {
        return new Targets(self, conversation, seq, user, patient, id, mrn, team, attachment, patientAccount);
    }
}
