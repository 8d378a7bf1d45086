package org.ecomkpi.store;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

import org.ecomkpi.aws.AwsClients;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where KPIs and job checkpoints are kept (SPEC section 6), parsed once, the same way for the CLI's {@code --store}
 * and for the jobs' {@code store} property: {@code h2:<path>}, the H2 file {@code <path>.mv.db} (the suffix may be
 * given or not), or {@code dynamodb}, the DynamoDB tables the settings name (see {@link DynamoDbStoreSettings}).
 *
 * <pre>{@code
 * try (KpiStore store = StoreLocation.parse(spec).open(clients, settings.dynamoDbStore())) { ... }
 * }</pre>
 *
 * @param h2Database for an H2 store, the database path without H2's {@code .mv.db} suffix, absolute; empty for
 *                   DynamoDB
 */
public record StoreLocation(Optional<Path> h2Database) {
    private static final String H2 = "h2:";
    private static final String H2_SUFFIX = ".mv.db";

    /** The DynamoDB store. */
    public static final StoreLocation DYNAMODB = new StoreLocation(Optional.empty());

    /** Parses a store spec; the message of the exception says what is wrong and what would be right. */
    public static StoreLocation parse(String spec) {
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
            throw new IllegalArgumentException("'" + spec + "': not a usable path: " + e.getMessage(), e);
        }
        String text = database.toString();
        if (text.endsWith(H2_SUFFIX)) {
            database = Path.of(text.substring(0, text.length() - H2_SUFFIX.length()));
        }
        return new StoreLocation(Optional.of(database));
    }

    /**
     * Opens the store: the H2 file (created when missing), or the DynamoDB tables {@code dynamoDb} names through
     * {@code clients}' DynamoDB client, which stays theirs (see {@link DynamoDbKpiStore#open}).
     */
    public KpiStore open(AwsClients clients, DynamoDbStoreSettings dynamoDb) {
        if (isDynamoDb()) {
            DynamoDbClient client;
            try {
                client = clients.dynamoDb();
            } catch (RuntimeException e) {
                throw new StoreException("store '" + DynamoDbKpiStore.SPEC + "': cannot build the DynamoDB client (region"
                        + " and credentials come from the default chains, e.g. AWS_REGION): " + e.getMessage(), e);
            }
            return DynamoDbKpiStore.open(client, dynamoDb);
        }
        return H2KpiStore.open(database());
    }

    public boolean isDynamoDb() {
        return h2Database.isEmpty();
    }

    /**
     * The H2 database path, where the job repository lives next to the KPI tables.
     *
     * @throws IllegalStateException for DynamoDB, whose job repository is not kept in H2
     */
    public Path database() {
        return h2Database.orElseThrow(() -> new IllegalStateException("store '" + DynamoDbKpiStore.SPEC
                + "' has no H2 database file for the job repository"));
    }

    /** The spec in its one canonical form, as the jobs take it: {@code h2:<absolute path>} or {@code dynamodb}. */
    public String spec() {
        return h2Database.map(database -> H2 + database).orElse(DynamoDbKpiStore.SPEC);
    }

    /** The file H2 keeps the database in; see {@link #database()}. */
    public Path file() {
        return Path.of(database() + H2_SUFFIX);
    }

    /** Whether the store holds anything yet: its H2 file exists; DynamoDB tables are checked when opened. */
    public boolean exists() {
        return isDynamoDb() || Files.isRegularFile(file());
    }

    @Override
    public String toString() {
        return spec();
    }
}
