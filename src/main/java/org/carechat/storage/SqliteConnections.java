package org.carechat.storage;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.DelegatingPreparedStatement;
import org.apache.commons.dbcp2.PStmtKey;
import org.apache.commons.dbcp2.PoolingConnection;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.sqlite.JDBC;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.jdbc3.JDBC3PreparedStatement;

/**
 * The SQLite connections the pool holds, each keeping its prepared statements for reuse (issue #20).
 *
 * <p>The SQLite driver compiles a statement (parse and plan) on every {@code prepareStatement}, and Spring's
 * {@code JdbcClient} prepares one per call: at 2,000 messages a second that compiling was 18% of the server's CPU.
 * Each connection here is wrapped in Commons DBCP's {@link PoolingConnection}, which hands out a statement prepared
 * before on the same connection for the same SQL, and takes it back on {@code close()} with its parameters cleared
 * and its result sets closed, and SQLite's statement reset — also one that returned rows nobody read, which would
 * otherwise stay in progress, holding a read transaction that keeps checkpoints from emptying the WAL. A statement
 * asked for while the same SQL is still open on the connection is a second one. At most
 * {@link #STATEMENTS_PER_CONNECTION} are kept per connection, the least recently used going first; closing the
 * connection finalises them. SQLite re-prepares a kept statement by itself when the schema changed under it.
 */
final class SqliteConnections implements DataSource {

    /** Statements kept per connection: every fixed statement of the server fits, a burst of one-off SQL is dropped. */
    static final int STATEMENTS_PER_CONNECTION = 256;

    private final String url;
    private final Properties properties;

    /**
     * @param url        {@code jdbc:sqlite:<file>}
     * @param properties the driver's connection properties (pragmas, transaction mode)
     */
    SqliteConnections(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = JDBC.createConnection(url, (Properties) properties.clone());
        PoolingConnection pooling = new ResettingConnection(connection);
        GenericKeyedObjectPoolConfig<DelegatingPreparedStatement> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotalPerKey(-1); // the same SQL open twice at once (a nested query) prepares a second one
        config.setMaxIdlePerKey(1);
        config.setMaxTotal(STATEMENTS_PER_CONNECTION);
        config.setBlockWhenExhausted(false);
        config.setJmxEnabled(false);
        pooling.setStatementPool(new GenericKeyedObjectPool<PStmtKey, DelegatingPreparedStatement>(pooling, config));
        pooling.setCacheState(false); // the pool and the driver hold the connection's state, not this wrapper
        return pooling;
    }

    /**
     * Gives a statement back to the connection's pool only once SQLite has reset it, its parameters forgotten without
     * clearing SQLite's bindings.
     *
     * <p>DBCP's own passivation clears the parameters, and SQLite's {@code sqlite3_clear_bindings} marks a statement
     * expired whenever its plan may depend on a bound value — every join with a parameter, in this build of SQLite —
     * so the next execution compiled it again inside {@code sqlite3_step}: the cost the cache was meant to save
     * (docs/performance.md, session 8). Binding a new value to each parameter does not expire it. The driver binds
     * every parameter again from its own copies on each execution, so the values SQLite still holds are never used
     * again; the driver's copies are set to NULL here, as a new statement's are.
     */
    private static final class ResettingConnection extends PoolingConnection {

        ResettingConnection(Connection connection) {
            super(connection);
        }

        @Override
        public void passivateObject(PStmtKey key, PooledObject<DelegatingPreparedStatement> pooled)
                throws SQLException {
            DelegatingPreparedStatement statement = pooled.getObject();
            if (statement.getInnermostDelegate() instanceof JDBC3PreparedStatement sqlite) {
                for (int i = 1, count = sqlite.getParameterCount(); i <= count; i++) {
                    sqlite.setNull(i, Types.NULL);
                }
            } else {
                statement.clearParameters();
            }
            statement.passivate(); // closes the result sets
            // A statement stepped to a row and never read to its end (execute() of a query, say) is still in progress
            // without a result set to close; reset it as closing it used to (finalising it) did.
            if (statement.getInnermostDelegate() instanceof CoreStatement sqlite) {
                sqlite.pointer.safeRunInt(DB::reset);
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no driver log
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // a file opens at once
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
