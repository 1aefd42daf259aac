package org.carechat.contact;

import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The contact requests about one patient, for their export and erasure (docs/retention.md): linked to their record,
 * raised by their account, or from their number; and forgetting who raised a request.
 */
@Repository
class ContactPatientRepository {

    private final JdbcClient jdbc;

    ContactPatientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Oldest first; {@code accountId} and {@code mobileIndex} null when the patient has none. */
    List<ContactRequest> about(String orgId, String patientId, String accountId, String mobileIndex) {
        return jdbc.sql("SELECT " + ContactRepository.COLUMNS + " FROM contact_request WHERE org_id = :org "
                        + "AND (patient_id = :p OR requester_id = :account OR mobile_index = :mobile) "
                        + "ORDER BY created_at, id")
                .param("org", orgId)
                .param("p", patientId)
                .param("account", accountId == null ? "" : accountId)
                .param("mobile", mobileIndex == null ? "" : mobileIndex)
                .query(ContactRepository::request)
                .list();
    }

    /** Blanks what identifies the person behind the requests: given details, number, and their fingerprints. */
    void forget(String orgId, Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM contact_request_term WHERE org_id = :org AND request_id IN (:ids)")
                .param("org", orgId)
                .param("ids", requestIds)
                .update();
        jdbc.sql("UPDATE contact_request SET details = NULL, mobile = NULL, mobile_index = NULL "
                        + "WHERE org_id = :org AND id IN (:ids)")
                .param("org", orgId)
                .param("ids", requestIds)
                .update();
    }
}
