package org.carechat.push;

import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code push_setting} rows; no row means {@link AlertSettings#DEFAULTS}. */
@Repository
class AlertSettingsStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    AlertSettingsStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    AlertSettings of(String orgId, String userId) {
        return jdbc.sql("SELECT sound, scope, quiet_from, quiet_to, zone FROM push_setting "
                        + "WHERE org_id = ? AND user_id = ?")
                .params(orgId, userId)
                .query((rs, n) -> {
                    String zone = rs.getString(5);
                    AlertSettings.QuietHours quiet =
                            zone == null ? null : new AlertSettings.QuietHours(rs.getInt(3), rs.getInt(4), zone);
                    return new AlertSettings(rs.getInt(1) == 1, rs.getString(2), quiet);
                })
                .optional()
                .orElse(AlertSettings.DEFAULTS);
    }

    /** Call in a write transaction. */
    void save(String orgId, String userId, AlertSettings settings) {
        AlertSettings.QuietHours quiet = settings.quietHours();
        jdbc.sql("INSERT INTO push_setting (user_id, org_id, sound, scope, quiet_from, quiet_to, zone, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
                        + "sound = excluded.sound, scope = excluded.scope, quiet_from = excluded.quiet_from, "
                        + "quiet_to = excluded.quiet_to, zone = excluded.zone, updated_at = excluded.updated_at")
                .params(
                        userId,
                        orgId,
                        settings.sound() ? 1 : 0,
                        settings.push(),
                        quiet == null ? null : quiet.from(),
                        quiet == null ? null : quiet.to(),
                        quiet == null ? null : quiet.zone(),
                        clock.millis())
                .update();
    }
}
