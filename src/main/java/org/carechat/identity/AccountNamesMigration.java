package org.carechat.identity;

import java.time.Clock;
import java.util.List;
import org.carechat.crypto.IdentifyingData;
import org.carechat.storage.DataMigration;
import org.carechat.system.CareChatProperties;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration 17.4: seals the names of the patients' accounts made before identifying data was encrypted (a patient's
 * account carries the name of their record, see {@link AccountNames}); the table is compacted after the run
 * (storage/PlainTextScrub).
 */
@Component
class AccountNamesMigration extends DataMigration {

    private record PlainName(String id, String orgId, String displayName) {}

    private final CareChatProperties properties;
    private final Clock clock;

    AccountNamesMigration(CareChatProperties properties, Clock clock) {
        super("17.4", "patient account names sealed");
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected int rewrite(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        List<PlainName> plain = jdbc.sql(
                        "SELECT id, org_id, display_name FROM app_user WHERE role = 'patient' " + "ORDER BY id")
                .query(PlainName.class)
                .list();
        if (plain.isEmpty()) {
            return 0;
        }
        AccountNames names = new AccountNames(IdentifyingData.forMigration(context.getConnection(), properties, clock));
        for (PlainName p : plain) {
            jdbc.sql("UPDATE app_user SET display_name = ? WHERE id = ?")
                    .params(names.stored(p.orgId(), p.id(), Role.PATIENT, p.displayName()), p.id())
                    .update();
        }
        return plain.size();
    }

    @Override
    public List<String> tables() {
        return List.of("app_user");
    }
}
