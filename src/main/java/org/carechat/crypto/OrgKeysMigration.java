package org.carechat.crypto;

import java.time.Clock;
import java.util.List;
import org.carechat.storage.DataMigration;
import org.carechat.system.CareChatProperties;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration 17.1: gives every organisation that exists before identifying data was encrypted its data and index keys
 * (new organisations get theirs when they are made). Needs the master key only when there is an organisation.
 */
@Component
class OrgKeysMigration extends DataMigration {

    private final CareChatProperties properties;
    private final Clock clock;

    OrgKeysMigration(CareChatProperties properties, Clock clock) {
        super("17.1", "organisation keys for identifying data");
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected int rewrite(Context context) {
        List<String> orgs = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true))
                .sql("SELECT id FROM organisation ORDER BY id")
                .query(String.class)
                .list();
        if (orgs.isEmpty()) {
            return 0;
        }
        IdentifyingData keys = IdentifyingData.forMigration(context.getConnection(), properties, clock);
        orgs.stream().filter(org -> !keys.hasKeys(org)).forEach(keys::createKeys);
        return 0; // keys are new rows: nothing stored before is rewritten
    }

    @Override
    public List<String> tables() {
        return List.of();
    }
}
