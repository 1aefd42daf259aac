package org.carechat.fhir;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Requests to file a conversation to the EHR ({@code fhir_filing}), waiting for the worker. */
@Repository
class FilingRepository {

    private final JdbcClient jdbc;

    FilingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One request: the conversation's texts up to {@code upToSeq}, asked for by {@code requestedBy}. */
    record Request(String orgId, String conversationId, long upToSeq, String requestedBy, long requestedAt) {}

    /** Records the request, or moves an earlier one still waiting on to the newer position. */
    void save(Request request) {
        delete(request.orgId(), request.conversationId());
        jdbc.sql("INSERT INTO fhir_filing (org_id, conversation_id, up_to_seq, requested_by, requested_at) "
                        + "VALUES (?, ?, ?, ?, ?)")
                .params(
                        request.orgId(),
                        request.conversationId(),
                        request.upToSeq(),
                        request.requestedBy(),
                        request.requestedAt())
                .update();
    }

    List<Request> waiting(String orgId) {
        return jdbc.sql("SELECT org_id, conversation_id, up_to_seq, requested_by, requested_at FROM fhir_filing "
                        + "WHERE org_id = ? ORDER BY requested_at")
                .param(orgId)
                .query((rs, n) ->
                        new Request(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5)))
                .list();
    }

    /** Removes the request once done, unless a newer one replaced it meanwhile; whether it did. */
    boolean done(Request request) {
        return jdbc.sql("DELETE FROM fhir_filing WHERE org_id = ? AND conversation_id = ? AND requested_at = ? "
                                + "AND up_to_seq = ?")
                        .params(request.orgId(), request.conversationId(), request.requestedAt(), request.upToSeq())
                        .update()
                > 0;
    }

    private void delete(String orgId, String conversationId) {
        jdbc.sql("DELETE FROM fhir_filing WHERE org_id = ? AND conversation_id = ?")
                .params(orgId, conversationId)
                .update();
    }
}
