package org.carechat.bench;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements PostgreSQL ran for a benchmark run ({@code --server-jvm=-Dcarechat.bench.statements=true}), from
 * {@code pg_stat_statements}: calls and time per statement, and the database's commits. Printed to the server's log
 * ({@code target/bench-server.log}) when the run ends; divide by the messages the generator offered.
 */
final class StatementCount {

    private StatementCount() {}

    /** After seeding: counts from here on. */
    static void reset(ConfigurableApplicationContext node) {
        JdbcClient jdbc = node.getBean(JdbcClient.class);
        jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
        jdbc.sql("SELECT pg_stat_statements_reset()").query().singleRow();
        jdbc.sql("SELECT pg_stat_reset()").query().singleRow();
        jdbc.sql("SELECT pg_stat_reset_shared('wal')").query().singleRow();
    }

    @SuppressWarnings("java:S106")
    static void print(ConfigurableApplicationContext node) {
        JdbcClient jdbc = node.getBean(JdbcClient.class);
        System.out.println("STATEMENTS calls | total ms | rows | query");
        jdbc.sql("SELECT calls, total_exec_time, rows, left(regexp_replace(query, '\\\\s+', ' ', 'g'), 160) AS q "
                        + "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database "
                        + "WHERE datname = current_database()) ORDER BY calls DESC LIMIT 60")
                .query((rs, n) -> String.format(
                        "STATEMENTS %d | %.0f | %d | %s",
                        rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getString(4)))
                .list()
                .forEach(System.out::println);
        jdbc.sql("SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_dead_tup, n_live_tup, "
                        + "pg_relation_size(relid) / 8192 AS pages FROM pg_stat_user_tables "
                        + "WHERE n_tup_upd + n_tup_ins > 1000 ORDER BY n_tup_upd + n_tup_ins DESC")
                .query((rs, n) -> String.format(
                        "TABLE %s inserted %d updated %d (HOT %d) dead %d live %d pages %d",
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7)))
                .list()
                .forEach(System.out::println);
        jdbc.sql("SELECT wal_records, wal_fpi, wal_bytes, wal_buffers_full FROM pg_stat_wal")
                .query((rs, n) -> "WAL records " + rs.getLong(1) + " full-page images " + rs.getLong(2) + " bytes "
                        + rs.getLong(3) + " buffers full " + rs.getLong(4))
                .list()
                .forEach(System.out::println);
        jdbc.sql("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()")
                .query((rs, n) -> "COMMITS " + rs.getLong(1) + " ROLLBACKS " + rs.getLong(2))
                .list()
                .forEach(System.out::println);
        System.out.flush();
    }
}
