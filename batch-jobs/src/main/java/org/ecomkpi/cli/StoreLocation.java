package org.ecomkpi.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

import org.ecomkpi.store.DynamoDbKpiStore;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where a command keeps KPIs and job checkpoints (SPEC section 6): {@code h2:<path>}, the H2 file
 * {@code <path>.mv.db}, or {@code dynamodb}, the DynamoDB tables named by the environment (see
 * {@link DynamoDbKpiStore#fromEnvironment()}).
 *
 * @param h2Database for an H2 store, the database path without H2's {@code .mv.db} suffix, absolute; empty for
 *                   DynamoDB
 */
record StoreLocation(Optional<Path> h2Database) {
    private static final String H2 = "h2:";
    private static final String H2_SUFFIX = ".mv.db";

    /** The DynamoDB store. */
    static final StoreLocation DYNAMODB = new StoreLocation(Optional.empty());

    /** Parses a store spec; the message of the exception says what is wrong and what would be right. */
    static StoreLocation parse(String spec) {
        if (spec.equals(DynamoDbKpiStore.SPEC)) {
            return DYNAMODB;
        }
        if (!spec.startsWith(H2)) {
            throw new IllegalArgumentException("'" + spec + "' is not a store: use h2:<path> (e.g. h2:./.pipeline/store)"
                    + " or " + DynamoDbKpiStore.SPEC);
        }
        String path = spec.substring(H2.length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("'" + spec + "' has no path after 'h2:' (e.g. h2:./.pipeline/store)");
        }
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("'" + spec + "': an H2 path cannot contain ';'");
        }
        Path database;
        try {
            database = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + spec + "': not a usable path: " + e.getMessage());
        }
        String text = database.toString();
        if (text.endsWith(H2_SUFFIX)) {
            database = Path.of(text.substring(0, text.length() - H2_SUFFIX.length()));
        }
        return new StoreLocation(Optional.of(database));
    }

    boolean isDynamoDb() {
        return h2Database.isEmpty();
    }

    /**
     * The H2 database path, where the job repository lives next to the KPI tables.
     *
     * @throws IllegalStateException for DynamoDB, whose job repository is not kept in H2
     */
    Path database() {
        return h2Database.orElseThrow(() -> new IllegalStateException("store '" + DynamoDbKpiStore.SPEC
                + "' has no H2 database file for the job repository"));
    }

    /** The spec the jobs and {@code KpiStore.at} take. */
    String spec() {
        return h2Database.map(database -> H2 + database).orElse(DynamoDbKpiStore.SPEC);
    }

    /** The file H2 keeps the database in; see {@link #database()}. */
    Path file() {
        return Path.of(database() + H2_SUFFIX);
    }

    /** Whether the store holds anything yet: its H2 file exists; DynamoDB tables are checked when opened. */
    boolean exists() {
        return isDynamoDb() || Files.isRegularFile(file());
    }

    @Override
    public String toString() {
        return spec();
    }

    /** Reads {@code --store}; picocli names the option in the message. */
    static final class Converter implements ITypeConverter<StoreLocation> {
        @Override
        public StoreLocation convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
