package org.ecomkpi.runtime;

import java.nio.file.Path;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An embedded H2 database kept in one file: {@code <file>.mv.db}. The job repository and the KPI tables share it.
 *
 * <p>Only one process can open the file at a time (H2's file lock); the launcher relies on that to tell a crashed
 * execution from a running one.
 *
 * @param file the database path without H2's {@code .mv.db} suffix, e.g. {@code .pipeline/store}
 */
public record H2Database(Path file) {

    public static final String USER = "sa";
    public static final String PASSWORD = "";

    public H2Database {
        file = file.toAbsolutePath().normalize();
    }

    /**
     * The JDBC URL of the file, the same for the job repository and the KPI store. {@code WRITE_DELAY=0} writes each
     * commit to the file at once instead of up to half a second later, so a checkpoint committed before a SIGKILL is
     * still there for the restart. No {@code AUTO_SERVER}: one process owns the file, which is what lets the launcher
     * tell a crashed execution from a running one.
     */
    public String jdbcUrl() {
        return "jdbc:h2:file:" + file + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    /** Opens a connection pool on the file (creating it if absent); the caller disposes of it. */
    public JdbcConnectionPool openPool() {
        return JdbcConnectionPool.create(jdbcUrl(), USER, PASSWORD);
    }
}
