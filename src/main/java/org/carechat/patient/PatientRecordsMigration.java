package org.carechat.patient;

import java.time.Clock;
import java.util.List;
import org.carechat.crypto.IdentifyingData;
import org.carechat.storage.DataMigration;
import org.carechat.system.CareChatProperties;
import org.carechat.system.MobileNumbers;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration 17.2: seals the patient records stored in plain text before identifying data was encrypted, and indexes
 * them; V18 then drops the plain columns, and the tables are compacted after the run (storage/PlainTextScrub).
 * Records are sealed as they were written: a mobile number is not checked again (a record whose number is not a
 * valid mobile simply gets no mobile entry, as it could not receive a code before either).
 */
@Component
class PatientRecordsMigration extends DataMigration {

    private final CareChatProperties properties;
    private final Clock clock;

    PatientRecordsMigration(CareChatProperties properties, Clock clock) {
        super("17.2", "patient records sealed");
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected int rewrite(Context context) {
        JdbcTemplate template = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        JdbcClient jdbc = JdbcClient.create(template);
        List<Patient> plain = jdbc.sql("SELECT id, org_id, mrn, given_name, family_name, birth_date, mobile, email, "
                        + "created_at FROM patient WHERE sealed_details IS NULL ORDER BY id")
                .query(Patient.class)
                .list();
        if (plain.isEmpty()) {
            return 0;
        }
        IdentifyingData data = IdentifyingData.forMigration(context.getConnection(), properties, clock);
        new PatientRepository(template, new PatientCodec(data, new MobileNumbers(properties))).seal(plain);
        return plain.size();
    }

    @Override
    public List<String> tables() {
        return List.of("patient", "patient_index");
    }
}
