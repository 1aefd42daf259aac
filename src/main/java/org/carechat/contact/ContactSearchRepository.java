package org.carechat.contact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Finding contact requests: by the fingerprint of their number, their linked records, or the words of a given name. */
@Repository
class ContactSearchRepository {

    private final JdbcClient jdbc;

    ContactSearchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Ids of requests for a number (its fingerprint), linked to any of the records, or given all these name words. */
    List<String> search(String orgId, String mobileIndex, Collection<String> patientIds, List<String> nameTerms) {
        List<String> ids = new ArrayList<>();
        if (mobileIndex != null) {
            ids.addAll(jdbc.sql("SELECT id FROM contact_request WHERE org_id = ? AND mobile_index = ?")
                    .params(orgId, mobileIndex)
                    .query(String.class)
                    .list());
        }
        if (!patientIds.isEmpty()) {
            ids.addAll(jdbc.sql("SELECT id FROM contact_request WHERE org_id = :org AND patient_id IN (:patients)")
                    .param("org", orgId)
                    .param("patients", patientIds)
                    .query(String.class)
                    .list());
        }
        if (!nameTerms.isEmpty()) {
            ids.addAll(jdbc.sql("SELECT request_id FROM contact_request_term WHERE org_id = :org AND term IN (:terms) "
                            + "GROUP BY request_id HAVING COUNT(DISTINCT term) = :n")
                    .param("org", orgId)
                    .param("terms", nameTerms)
                    .param("n", nameTerms.size())
                    .query(String.class)
                    .list());
        }
        return ids;
    }

    void insertTerms(String orgId, String requestId, Collection<String> terms) {
        for (String term : terms) {
            jdbc.sql("INSERT INTO contact_request_term (request_id, org_id, term) VALUES (?, ?, ?) "
                            + "ON CONFLICT (request_id, term) DO NOTHING")
                    .params(requestId, orgId, term)
                    .update();
        }
    }
}
