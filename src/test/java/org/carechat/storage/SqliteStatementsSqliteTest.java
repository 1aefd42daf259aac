package org.carechat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;
import org.sqlite.jdbc3.JDBC3PreparedStatement;

/**
 * The server's SQLite connections keep their prepared statements ({@link SqliteConnections}), and a statement given
 * back is as good as a new one: reset, parameters cleared, holding nothing open.
 */
@OnSqlite
class SqliteStatementsSqliteTest extends ServerTest {

    /** {@code SQLITE_LIMIT_SQL_LENGTH}: the longest SQL text the connection compiles. */
    private static final int SQLITE_LIMIT_SQL_LENGTH = 1;

    private static final String COUNT_TO =
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) SELECT x FROM n";

    @Autowired
    DataSource dataSource;

    @Test
    void theSameSqlPreparedAgainOnAConnectionIsTheStatementSqliteCompiledBefore() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            JDBC3PreparedStatement first;
            try (PreparedStatement statement = connection.prepareStatement(COUNT_TO)) {
                statement.setInt(1, 3);
                assertThat(numbers(statement)).containsExactly(1, 2, 3);
                first = statement.unwrap(JDBC3PreparedStatement.class);
            }
            try (PreparedStatement statement = connection.prepareStatement(COUNT_TO)) {
                statement.setInt(1, 2);
                assertThat(numbers(statement)).containsExactly(1, 2);
                assertThat(statement.unwrap(JDBC3PreparedStatement.class)).isSameAs(first);
            }
        }
    }

    @Test
    void aStatementGivenBackWithItsResultHalfReadLeavesNothingInProgress() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            PreparedStatement statement = connection.prepareStatement(COUNT_TO);
            statement.setInt(1, 1000);
            ResultSet halfRead = statement.executeQuery();
            assertThat(halfRead.next()).isTrue();
            // While it is open, SQLite refuses what needs no statement in progress on the connection...
            assertThatThrownBy(() -> vacuum(connection)).hasMessageContaining("statements in progress");
            statement.close(); // its result set left open: given back, it must be reset all the same
            // ...and once it is given back, it allows it: the kept statement holds no read transaction.
            vacuum(connection);
        }
    }

    @Test
    void aStatementGivenBackWithRowsNobodyAskedForLeavesNothingInProgress() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_TO)) {
                statement.setInt(1, 1000);
                assertThat(statement.execute()).isTrue(); // stepped to its first row, no result set taken
            }
            vacuum(connection);
        }
    }

    @Test
    void theSameSqlOpenTwiceAtOnceRunsAsTwoStatements() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement outer = connection.prepareStatement(COUNT_TO)) {
            outer.setInt(1, 3);
            List<List<Integer>> inner = new ArrayList<>();
            try (ResultSet rows = outer.executeQuery()) {
                while (rows.next()) {
                    try (PreparedStatement nested = connection.prepareStatement(COUNT_TO)) {
                        nested.setInt(1, rows.getInt(1));
                        inner.add(numbers(nested));
                    }
                }
            }
            assertThat(inner).containsExactly(List.of(1), List.of(1, 2), List.of(1, 2, 3));
        }
    }

    @Test
    void aKeptJoinWithAParameterRunsAgainWithoutBeingCompiledAgain() throws SQLException {
        String join = "SELECT c.id, m.role FROM conversation c JOIN conversation_member m ON m.conversation_id = c.id "
                + "WHERE c.id = ?";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(join)) {
                statement.setString(1, "c-1");
                assertThat(statement.executeQuery().next()).isFalse();
            }
            DB sqlite = connection.unwrap(SQLiteConnection.class).getDatabase();
            try (PreparedStatement statement = connection.prepareStatement(join)) {
                statement.setString(1, "c-2");
                // SQLite compiling the statement again would now fail: no SQL text fits in 5 bytes.
                int limit = sqlite.limit(SQLITE_LIMIT_SQL_LENGTH, 5);
                try {
                    assertThat(statement.executeQuery().next()).isFalse();
                } finally {
                    sqlite.limit(SQLITE_LIMIT_SQL_LENGTH, limit);
                }
            }
        }
    }

    @Test
    void aStatementGivenBackForgetsItsParametersAsANewOneHasNone() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_TO)) {
                statement.setInt(1, 3);
                assertThat(numbers(statement)).containsExactly(1, 2, 3);
            }
            try (PreparedStatement statement = connection.prepareStatement(COUNT_TO)) {
                assertThat(numbers(statement))
                        .as("x < NULL: the first row only")
                        .containsExactly(1);
            }
        }
    }

    @Test
    void journalsOfSavepointsAndStatementsStayInMemory() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA temp_store")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).as("temp_store (2 = MEMORY)").isEqualTo(2);
        }
    }

    private static List<Integer> numbers(PreparedStatement statement) throws SQLException {
        List<Integer> numbers = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                numbers.add(rows.getInt(1));
            }
        }
        return numbers;
    }

    private static void vacuum(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM");
        }
    }
}
