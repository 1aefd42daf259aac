package org.carechat.availability;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AvailabilityRepository {

    private record Row(
            String userId,
            String orgId,
            String status,
            Long untilAt,
            long setAt,
            String forwardTo,
            boolean forwardWhenBusy) {

        Availability view() {
            return new Availability(
                    userId,
                    Availability.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT)),
                    untilAt,
                    setAt,
                    forwardTo == null || forwardTo.isEmpty() ? List.of() : List.of(forwardTo.split(",")),
                    forwardWhenBusy);
        }
    }

    /** A stored status whose end has come: what the lapse sweep deletes, if nobody changed it meanwhile. */
    record Due(String userId, String orgId, long untilAt, long setAt) {}

    private static final String COLUMNS = "user_id, org_id, status, until_at, set_at, forward_to, forward_when_busy";

    private final JdbcClient jdbc;

    AvailabilityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void put(
            String orgId,
            String userId,
            Availability.Status status,
            Long until,
            long now,
            List<String> forwardTo,
            boolean forwardWhenBusy) {
        jdbc.sql("INSERT INTO user_availability (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) "
                        + "DO UPDATE SET status = excluded.status, until_at = excluded.until_at, "
                        + "set_at = excluded.set_at, forward_to = excluded.forward_to, "
                        + "forward_when_busy = excluded.forward_when_busy")
                .params(
                        userId,
                        orgId,
                        status.code(),
                        until,
                        now,
                        forwardTo.isEmpty() ? null : String.join(",", forwardTo),
                        forwardWhenBusy ? 1 : 0)
                .update();
    }

    /** @return whether there was a stored status */
    boolean clear(String orgId, String userId) {
        return jdbc.sql("DELETE FROM user_availability WHERE org_id = ? AND user_id = ?")
                        .params(orgId, userId)
                        .update()
                == 1;
    }

    /** The stored status of one user, if it has not lapsed at {@code now}. */
    Optional<Availability> current(String orgId, String userId, long now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_availability WHERE org_id = ? AND user_id = ? "
                        + "AND (until_at IS NULL OR until_at > ?)")
                .params(orgId, userId, now)
                .query(Row.class)
                .optional()
                .map(Row::view);
    }

    /** Every stored status of the organisation that has not lapsed at {@code now}. */
    List<Availability> current(String orgId, long now) {
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM user_availability WHERE org_id = ? "
                        + "AND (until_at IS NULL OR until_at > ?) ORDER BY user_id")
                .params(orgId, now)
                .query(Row.class)
                .list()
                .stream()
                .map(Row::view)
                .toList();
    }

    List<Due> due(long now, int limit) {
        return jdbc.sql("SELECT user_id, org_id, until_at, set_at FROM user_availability WHERE until_at <= ? "
                        + "ORDER BY until_at LIMIT ?")
                .params(now, limit)
                .query(Due.class)
                .list();
    }

    /**
     * Deletes the lapsed status only if it is still the one the sweep found (same end, same time set): a status
     * chosen again meanwhile stays, and of several nodes sweeping at once exactly one deletes it.
     */
    boolean lapse(Due due) {
        return jdbc.sql("DELETE FROM user_availability WHERE user_id = ? AND until_at = ? AND set_at = ?")
                        .params(due.userId(), due.untilAt(), due.setAt())
                        .update()
                == 1;
    }
}
