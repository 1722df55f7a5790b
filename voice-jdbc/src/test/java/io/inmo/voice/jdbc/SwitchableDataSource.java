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
 * down; optionally only after a number of successful connections.
 */
class SwitchableDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger connectionsLeft = new AtomicInteger(Integer.MAX_VALUE);
    volatile boolean failing;

    SwitchableDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Fails every connection after the next {@code n}. */
    void failAfter(int n) {
        connectionsLeft.set(n);
    }

    void recover() {
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
