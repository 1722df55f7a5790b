package io.inmo.voice.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that can be switched to fail every connection attempt, as a pool does when the server is
 * down (SQLState 08001); optionally only after a number of successful connections. Shared with other modules'
 * tests through the test-jar.
 */
public class SwitchableDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger connectionsLeft = new AtomicInteger(Integer.MAX_VALUE);
    volatile boolean failing;

    /** @param delegate where connections come from while it does not fail */
    public SwitchableDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** @param n how many connections it still hands out; it fails every one after those */
    public void failAfter(int n) {
        connectionsLeft.set(n);
    }

    /** Hands out connections again. */
    public void recover() {
        failing = false;
        connectionsLeft.set(Integer.MAX_VALUE);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (failing || connectionsLeft.getAndDecrement() <= 0) {
            throw new SQLTransientConnectionException("Connection is not available, request timed out", "08001");
        }
        return delegate.getConnection();
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
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
