package org.carechat.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.carechat.cluster.Ring;
import org.carechat.crypto.IdentifyingData;
import org.carechat.storage.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ConversationRepository {

    /** The field name topics are sealed under (a topic can name a patient: it is identifying data). */
    static final String TOPIC = "conversation.topic";

    private static final String COLUMNS = "c.id, c.org_id, c.kind, c.audience, c.sealed_topic, c.patient_id, "
            + "c.accept_responses, c.last_seq, c.last_activity_at, c.created_by, c.created_at, c.care_team_id, "
            + "c.purged_at";
    private static final String MEMBER_COLUMNS =
            "conversation_id, user_id, role, read_seq, delivered_seq, joined_seq, via_team";
    private static final RowMapper<Member> MEMBER = ConversationRepository::member;
    private static final Logger log = LoggerFactory.getLogger(ConversationRepository.class);

    /** A row of {@link #advanceDelivered}'s JSON array: organisation, conversation, user, up to. */
    private record DeliveredRow(String o, String c, String u, long s) {}

    private final RowMapper<Conversation> conversationRow = this::conversation;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Dialect dialect;
    private final IdentifyingData identifyingData;
    private final MemberIds memberIds;

    ConversationRepository(
            JdbcClient jdbc, JsonMapper json, Dialect dialect, IdentifyingData identifyingData, MemberIds memberIds) {
        this.memberIds = memberIds;
        this.jdbc = jdbc;
        this.json = json;
        this.dialect = dialect;
        this.identifyingData = identifyingData;
    }

    void insert(Conversation c, String directKey) {
        jdbc.sql("INSERT INTO conversation (id, org_id, kind, audience, sealed_topic, patient_id, accept_responses, "
                        + "direct_key, last_seq, last_activity_at, created_by, created_at, care_team_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        c.id(),
                        c.orgId(),
                        c.kind().code(),
                        c.audience().code(),
                        identifyingData.seal(c.orgId(), TOPIC, c.id(), c.topic()),
                        c.patientId(),
                        c.acceptResponses() ? 1 : 0,
                        directKey,
                        c.lastSeq(),
                        c.lastActivityAt(),
                        c.createdBy(),
                        c.createdAt(),
                        c.careTeamId())
                .update();
    }

    Optional<Conversation> find(String orgId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversation c WHERE c.org_id = ? AND c.id = ?")
                .params(orgId, id)
                .query(conversationRow)
                .optional();
    }

    /** The conversation and, when {@code userId} is a member, their membership: one query for every access check. */
    Optional<ConversationPolicy.Access> findAccess(String orgId, String id, String userId) {
        return jdbc.sql("SELECT " + COLUMNS + ", m.conversation_id, m.user_id, m.role, m.read_seq, m.delivered_seq, "
                        + "m.joined_seq, m.via_team FROM conversation c LEFT JOIN conversation_member m "
                        + "ON m.conversation_id = c.id AND m.user_id = ? WHERE c.org_id = ? AND c.id = ?")
                .params(userId, orgId, id)
                .query((rs, n) -> new ConversationPolicy.Access(
                        conversation(rs, n), rs.getString("user_id") == null ? null : member(rs, n)))
                .optional();
    }

    /** The conversations linked to the patient record {@code patientId}. */
    List<Conversation> findLinkedToPatient(String orgId, String patientId) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM conversation c WHERE c.org_id = ? AND c.patient_id = ? ORDER BY c.id")
                .params(orgId, patientId)
                .query(conversationRow)
                .list();
    }

    void relinkPatient(String orgId, String conversationId, String patientId) {
        memberIds.changing(orgId, conversationId);
        jdbc.sql("UPDATE conversation SET patient_id = ? WHERE org_id = ? AND id = ?")
                .params(patientId, orgId, conversationId)
                .update();
    }

    Optional<Conversation> findDirect(String orgId, String directKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversation c WHERE c.org_id = ? AND c.direct_key = ?")
                .params(orgId, directKey)
                .query(conversationRow)
                .optional();
    }

    /** The conversations {@code userId} is a member of, most recently active first. */
    List<Conversation> findForMember(String orgId, String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversation c JOIN conversation_member m "
                        + "ON m.conversation_id = c.id WHERE c.org_id = ? AND m.user_id = ? "
                        + "ORDER BY c.last_activity_at DESC, c.id")
                .params(orgId, userId)
                .query(conversationRow)
                .list();
    }

    /** Where each of a member's conversations stands, without its topic (nothing to decrypt): what a resume reads. */
    List<ConversationPositions.Position> findPositionsForMember(String orgId, String userId) {
        return jdbc.sql("SELECT c.id, c.last_seq, c.patient_id, c.purged_at FROM conversation c "
                        + "JOIN conversation_member m ON m.conversation_id = c.id WHERE c.org_id = ? AND m.user_id = ?")
                .params(orgId, userId)
                .query((rs, n) -> new ConversationPositions.Position(
                        rs.getString("id"),
                        rs.getLong("last_seq"),
                        rs.getString("patient_id"),
                        rs.getObject("purged_at") == null ? null : rs.getLong("purged_at")))
                .list();
    }

    void update(String orgId, String id, String topic, boolean acceptResponses, String careTeamId) {
        memberIds.changing(orgId, id); // whether it accepts responses is part of what this node knows of it
        jdbc.sql("UPDATE conversation SET sealed_topic = ?, accept_responses = ?, care_team_id = ? "
                        + "WHERE org_id = ? AND id = ?")
                .params(identifyingData.seal(orgId, TOPIC, id, topic), acceptResponses ? 1 : 0, careTeamId, orgId, id)
                .update();
    }

    void insertMember(String orgId, Member m, long now) {
        memberIds.changing(orgId, m.conversationId());
        jdbc.sql("INSERT INTO conversation_member (conversation_id, user_id, org_id, role, read_seq, delivered_seq, "
                        + "joined_seq, added_at, via_team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        m.conversationId(),
                        m.userId(),
                        orgId,
                        m.role().name().toLowerCase(Locale.ROOT),
                        m.readSeq(),
                        m.deliveredSeq(),
                        m.joinedSeq(),
                        now,
                        m.viaTeam() ? 1 : 0)
                .update();
    }

    /** A member there because the patient's care team in the EHR names them: they leave when it no longer does. */
    void markFromRecord(String orgId, String conversationId, String userId) {
        jdbc.sql("UPDATE conversation_member SET via_record = 1 WHERE org_id = ? AND conversation_id = ? "
                        + "AND user_id = ?")
                .params(orgId, conversationId, userId)
                .update();
    }

    /** The members of a conversation who are there only because the patient's care team in the EHR names them. */
    List<String> membersFromRecord(String orgId, String conversationId) {
        return jdbc.sql("SELECT user_id FROM conversation_member WHERE org_id = ? AND conversation_id = ? "
                        + "AND via_record = 1 ORDER BY user_id")
                .params(orgId, conversationId)
                .query(String.class)
                .list();
    }

    /**
     * A member who was there through the team or the record, added in person: they stay whatever happens to the team
     * or the record.
     */
    void keepInPerson(String orgId, String conversationId, String userId) {
        jdbc.sql("UPDATE conversation_member SET via_team = 0, via_record = 0 "
                        + "WHERE org_id = ? AND conversation_id = ? AND user_id = ?")
                .params(orgId, conversationId, userId)
                .update();
    }

    /** The ids of the conversations of a care team, locked in id order (so two changes of one team cannot deadlock). */
    List<String> conversationsOfTeam(String orgId, String teamId) {
        return jdbc.sql("SELECT id FROM conversation WHERE org_id = ? AND care_team_id = ? ORDER BY id")
                .params(orgId, teamId)
                .query(String.class)
                .list();
    }

    int deleteMember(String orgId, String conversationId, String userId) {
        memberIds.changing(orgId, conversationId);
        return jdbc.sql("DELETE FROM conversation_member WHERE org_id = ? AND conversation_id = ? AND user_id = ?")
                .params(orgId, conversationId, userId)
                .update();
    }

    Optional<Member> findMember(String orgId, String conversationId, String userId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM conversation_member "
                        + "WHERE org_id = ? AND conversation_id = ? AND user_id = ?")
                .params(orgId, conversationId, userId)
                .query(MEMBER)
                .optional();
    }

    List<Member> members(String orgId, String conversationId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM conversation_member "
                        + "WHERE org_id = ? AND conversation_id = ? ORDER BY added_at, user_id")
                .params(orgId, conversationId)
                .query(MEMBER)
                .list();
    }

    List<Member> membershipsOf(String orgId, String userId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM conversation_member WHERE org_id = ? AND user_id = ?")
                .params(orgId, userId)
                .query(MEMBER)
                .list();
    }

    /** The ids of a conversation's members, from memory ({@link MemberIds}). */
    List<String> memberIds(String orgId, String conversationId) {
        MemberIds.Known known = known(orgId, conversationId);
        return known == null ? List.of() : known.memberIds();
    }

    /** A conversation's members, linked patient and a newest seq, from memory ({@link MemberIds}); null if none. */
    MemberIds.Known known(String orgId, String conversationId) {
        return memberIds.of(orgId, conversationId, () -> {
            List<KnownRow> rows = jdbc.sql("SELECT c.patient_id, c.last_seq, c.kind, c.accept_responses, m.user_id, "
                            + "m.role FROM conversation c LEFT JOIN conversation_member m ON m.conversation_id = c.id "
                            + "WHERE c.org_id = ? AND c.id = ? ORDER BY m.user_id")
                    .params(orgId, conversationId)
                    .query((rs, n) -> new KnownRow(
                            rs.getString(1),
                            rs.getLong(2),
                            Conversation.Kind.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
                            rs.getInt(4) == 1,
                            rs.getString(5),
                            "owner".equals(rs.getString(6))))
                    .list();
            if (rows.isEmpty()) {
                return null;
            }
            List<String> ids =
                    rows.stream().map(KnownRow::userId).filter(Objects::nonNull).toList();
            List<String> owners =
                    rows.stream().filter(KnownRow::owner).map(KnownRow::userId).toList();
            KnownRow first = rows.getFirst();
            return new MemberIds.Known(
                    ids, first.patientId(), new AtomicLong(first.lastSeq()), first.kind(), first.accepts(), owners);
        });
    }

    /** This node's entry for the conversation was found out of date: the next question reads it again. */
    void forgetKnown(String orgId, String conversationId) {
        memberIds.changing(orgId, conversationId);
    }

    private record KnownRow(
            String patientId, long lastSeq, Conversation.Kind kind, boolean accepts, String userId, boolean owner) {}

    List<Member> membersOf(String orgId, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM conversation_member "
                        + "WHERE org_id = :org AND conversation_id IN (:ids)")
                .param("org", orgId)
                .param("ids", conversationIds)
                .query(MEMBER)
                .list();
    }

    /**
     * Moves a member's markers forward, never back ({@code max} semantics).
     *
     * @return the markers after the move as {@code [readSeq, deliveredSeq]}, or empty when neither moved
     */
    Optional<long[]> advanceMarkers(
            String orgId, String conversationId, String userId, long readUpTo, long deliveredUpTo) {
        // delivered is at least read: a message read on one device was surely delivered to one.
        long delivered = Math.max(deliveredUpTo, readUpTo);
        return jdbc.sql("UPDATE conversation_member SET "
                        + "read_seq = CASE WHEN read_seq < :read THEN :read ELSE read_seq END, "
                        + "delivered_seq = CASE WHEN delivered_seq < :delivered THEN :delivered ELSE delivered_seq END "
                        + "WHERE org_id = :org AND conversation_id = :conversation AND user_id = :user "
                        + "AND (read_seq < :read OR delivered_seq < :delivered) RETURNING read_seq, delivered_seq")
                .param("read", readUpTo)
                .param("delivered", delivered)
                .param("org", orgId)
                .param("conversation", conversationId)
                .param("user", userId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .optional();
    }

    /**
     * Moves many members' delivered markers forward (never back) in one statement: the rows go as one JSON array
     * ({@link DeliveredRow}; at most one per member) so that a window of acknowledgements costs one statement however
     * many members it moves.
     *
     * @return the members whose marker moved, with their markers after the move
     */
    List<Ring.MarkersMoved> advanceDelivered(Collection<ConversationService.DeliveredUpTo> moves) {
        String rowsJson = json.writeValueAsString(moves.stream()
                .map(move -> new DeliveredRow(move.orgId(), move.conversationId(), move.userId(), move.upTo()))
                .toList());
        String sql = switch (dialect) {
            case POSTGRESQL ->
                "UPDATE conversation_member m SET delivered_seq = v.s FROM jsonb_to_recordset(CAST(:rows AS jsonb)) "
                        + "AS v(o text, c text, u text, s bigint) WHERE m.org_id = v.o AND m.conversation_id = v.c "
                        + "AND m.user_id = v.u AND m.delivered_seq < v.s ";
            case SQLITE ->
                "UPDATE conversation_member AS m SET delivered_seq = v.s FROM (SELECT value ->> 'o' AS o, "
                        + "value ->> 'c' AS c, value ->> 'u' AS u, value ->> 's' AS s FROM json_each(:rows)) AS v "
                        + "WHERE m.org_id = v.o AND m.conversation_id = v.c AND m.user_id = v.u AND m.delivered_seq < v.s ";
        };
        return jdbc.sql(sql + "RETURNING org_id, conversation_id, user_id, read_seq, delivered_seq")
                .param("rows", rowsJson)
                .query((rs, n) -> new Ring.MarkersMoved(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }

    /**
     * The sender's markers moved to the seq of the message they just sent, and with it the send's access confirmed in
     * its own transaction: the row is updated only while the sender is a member who may write (an owner, or the
     * conversation accepts responses). Empty when they are not (any more); else the markers and the conversation's
     * linked patient as committed (which this node's memory may not have seen yet).
     */
    Optional<SenderMarkers> advanceSenderMarkers(String orgId, String conversationId, String userId, long seq) {
        return jdbc.sql("UPDATE conversation_member SET read_seq = :seq, "
                        + "delivered_seq = CASE WHEN delivered_seq < :seq THEN :seq ELSE delivered_seq END "
                        + "WHERE org_id = :org AND conversation_id = :conversation AND user_id = :user "
                        + "AND read_seq < :seq AND (role = 'owner' OR EXISTS (SELECT 1 FROM conversation c "
                        + "WHERE c.org_id = :org AND c.id = :conversation AND c.accept_responses = 1)) "
                        + "RETURNING read_seq, delivered_seq, (SELECT c.patient_id FROM conversation c "
                        + "WHERE c.org_id = :org AND c.id = :conversation)")
                .param("seq", seq)
                .param("org", orgId)
                .param("conversation", conversationId)
                .param("user", userId)
                .query((rs, n) -> new SenderMarkers(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    /** The sender's markers after a send, and the conversation's linked patient read in the same statement. */
    record SenderMarkers(long readSeq, long deliveredSeq, String patientId) {}

    private Conversation conversation(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        String orgId = rs.getString("org_id");
        return new Conversation(
                id,
                orgId,
                Conversation.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                Conversation.Audience.valueOf(rs.getString("audience").toUpperCase(Locale.ROOT)),
                topic(orgId, id, rs.getBytes("sealed_topic")),
                rs.getString("patient_id"),
                rs.getInt("accept_responses") == 1,
                rs.getLong("last_seq"),
                rs.getLong("last_activity_at"),
                rs.getString("created_by"),
                rs.getLong("created_at"),
                rs.getString("care_team_id"),
                rs.getObject("purged_at") == null ? null : rs.getLong("purged_at"));
    }

    /**
     * A conversation's topic, or none when its sealed value fails its integrity check (altered, or copied from another
     * conversation): the conversation still lists and opens, as a message that fails its check still leaves its
     * conversation readable, and the failure is logged by id.
     */
    private String topic(String orgId, String id, byte[] sealed) {
        try {
            return identifyingData.open(orgId, TOPIC, id, sealed);
        } catch (IllegalStateException tampered) {
            log.warn("the topic of conversation {} failed its integrity check; it is shown without one", id);
            return null;
        }
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        return new Member(
                rs.getString("conversation_id"),
                rs.getString("user_id"),
                Member.Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
                rs.getLong("read_seq"),
                rs.getLong("delivered_seq"),
                rs.getLong("joined_seq"),
                rs.getInt("via_team") == 1);
    }

    long count(String orgId) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation WHERE org_id = ?")
                .param(orgId)
                .query(Long.class)
                .single();
    }
}
