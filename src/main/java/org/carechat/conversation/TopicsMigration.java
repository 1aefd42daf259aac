package org.carechat.conversation;

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
 * Migration 17.3: seals the conversation topics stored in plain text before identifying data was encrypted; V18 then
 * drops the plain column, and the table is compacted after the run (storage/PlainTextScrub).
 */
@Component
class TopicsMigration extends DataMigration {

    private record PlainTopic(String id, String orgId, String topic) {}

    private final CareChatProperties properties;
    private final Clock clock;

    TopicsMigration(CareChatProperties properties, Clock clock) {
        super("17.3", "conversation topics sealed");
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected int rewrite(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        List<PlainTopic> plain = jdbc.sql("SELECT id, org_id, topic FROM conversation "
                        + "WHERE topic IS NOT NULL AND sealed_topic IS NULL ORDER BY id")
                .query(PlainTopic.class)
                .list();
        if (plain.isEmpty()) {
            return 0;
        }
        IdentifyingData data = IdentifyingData.forMigration(context.getConnection(), properties, clock);
        for (PlainTopic t : plain) {
            jdbc.sql("UPDATE conversation SET sealed_topic = ?, topic = NULL WHERE id = ?")
                    .params(data.seal(t.orgId(), ConversationRepository.TOPIC, t.id(), t.topic()), t.id())
                    .update();
        }
        return plain.size();
    }

    @Override
    public List<String> tables() {
        return List.of("conversation");
    }
}
