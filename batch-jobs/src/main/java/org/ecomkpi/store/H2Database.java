package org.ecomkpi.store;

import java.nio.file.Path;
import java.sql.SQLException;

import org.h2.api.ErrorCode;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An embedded H2 database kept in one file: {@code <file>.mv.db}. The job repository and the KPI tables share it
 * (the KPI store keeps the state of current versions in a file beside it: {@link H2StateMaps}).
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

    /**
     * Whether {@code failure} is H2 refusing the file because another process has it open (error 90020), as a run,
     * validate or transform does for as long as it lasts.
     */
    public static boolean inUseByAnotherProcess(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }

    /** What to tell a user whose command found the file in use: one line, without H2's own lock text. */
    public String inUseMessage() {
        return "store h2:" + file + " is in use by another process: " + file + ".mv.db is open in a run, validate or "
                + "transform on this store (an embedded H2 file takes one process at a time)";
    }

    /** The hint beside {@link #inUseMessage()}. */
    public static final String IN_USE_HINT = "wait until that process ends, then run this again; to read KPIs while "
            + "runs go on, keep them in --store dynamodb";

    /** Opens a connection pool on the file (creating it if absent); the caller disposes of it. */
    public JdbcConnectionPool openPool() {
        return JdbcConnectionPool.create(jdbcUrl(), USER, PASSWORD);
    }
}
