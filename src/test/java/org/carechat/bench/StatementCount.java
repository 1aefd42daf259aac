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
        jdbc.sql("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()")
                .query((rs, n) -> "COMMITS " + rs.getLong(1) + " ROLLBACKS " + rs.getLong(2))
                .list()
                .forEach(System.out::println);
        System.out.flush();
    }
}
