package org.ecomkpi.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;

/**
 * Where a run stands, kept in {@code runs/<runId>/outcome.properties} and updated by the steps that decide
 * something: its status, why a batch failed, what the judge step found, KPI keys touched, where a failed run's batch
 * went, step timings. The data-quality report is rendered from it together with the manifest and the step tallies.
 *
 * <p>Each step reads the outcome, sets its own part and writes the whole back ({@link #readFrom}, a setter,
 * {@link #writeTo}); what the other steps recorded is kept. The file is a properties file whose {@code format} key says
 * which keys it may hold ({@link #FORMAT}); a file without it, with another, or with a key that format does not
 * have, is refused on read: a key this version does not know would otherwise be dropped by the next write.
 */
public final class RunOutcome {
    /** The version of the key set this class reads and writes, stored as {@code format}. */
    public static final int FORMAT = 1;

    /** A run's status, in the order a successful run goes through them. */
    public enum Status {
        /** The batch is claimed and being validated. */
        CLAIMED,
        /** Every file was read and the reject ratio is within the limit: ready for transform. */
        VALIDATED,
        /** The whole batch failed (schema, unreadable file, reject ratio) and was archived to invalid-data. */
        REJECTED,
        /** KPIs merged and inputs archived to processed. */
        PROCESSED,
        /**
         * A job failed after its retries and the batch was archived to invalid-data/<runId>/input/
         * ({@code pipeline archive-failed}); no KPI changed, and transform refuses the run.
         */
        FAILED
    }

    /** Why the validate job failed a whole batch. */
    public enum Reason {
        /** A file's header is not the schema of its type. */
        SCHEMA_ERROR,
        /** A file cannot be read as CSV (or as gzip). */
        UNREADABLE_FILE,
        /** More rows of a type were rejected than the reject limit allows. */
        REJECT_RATIO
    }

    /**
     * Where in a file the batch failed.
     *
     * @param file   the file's path relative to the batch ({@code orders/2024-01-01.csv})
     * @param line   1-based
     * @param column 1-based
     */
    public record FilePosition(String file, long line, long column) {
        public FilePosition {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * Why the whole batch failed: keys {@code reason}, {@code message} and, when the cause is in a file,
     * {@code failure.file}, {@code failure.line}, {@code failure.column}.
     */
    public record Rejection(Reason reason, String message, Optional<FilePosition> at) {
        public Rejection {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(at, "at");
        }

        /** A batch failed by something over all its files (the reject ratio). */
        public static Rejection ofBatch(Reason reason, String message) {
            return new Rejection(reason, message, Optional.empty());
        }

        /** A batch failed by one place in one file. */
        public static Rejection inFile(Reason reason, String message, String file, long line, long column) {
            return new Rejection(reason, message, Optional.of(new FilePosition(file, line, column)));
        }
    }

    /**
     * What the judge step found over the whole batch: keys {@code rejectLimit} and
     * {@code warning.ITEM_COUNT_MISMATCH}.
     *
     * @param rejectLimit         the reject ratio above which a type fails the batch, as given ({@code 0.05})
     * @param itemCountMismatches orders whose item count does not match their items
     */
    public record Judgement(BigDecimal rejectLimit, long itemCountMismatches) {
        public Judgement {
            Objects.requireNonNull(rejectLimit, "rejectLimit");
        }
    }

    /**
     * What the merge step did to the KPI tables: keys {@code kpi.applied}, {@code kpi.orderDates} (ISO dates joined by
     * commas) and {@code kpi.categoryKeys}.
     *
     * @param applied      false when the store had already applied the run (a replay): nothing changed this time
     * @param orderDates   the {@code order_kpi_table} dates the run changed, ascending
     * @param categoryKeys the {@code category_kpi_table} keys the run changed
     */
    public record KpiChange(boolean applied, List<LocalDate> orderDates, long categoryKeys) {
        public KpiChange {
            orderDates = orderDates.stream().sorted().toList();
        }
    }

    private static final String FORMAT_KEY = "format";
    private static final String STATUS = "status";
    private static final String REASON = "reason";
    private static final String MESSAGE = "message";
    private static final String FAILURE_FILE = "failure.file";
    private static final String FAILURE_LINE = "failure.line";
    private static final String FAILURE_COLUMN = "failure.column";
    private static final String REJECT_LIMIT = "rejectLimit";
    private static final String ITEM_COUNT_MISMATCH = "warning.ITEM_COUNT_MISMATCH";
    private static final String KPI_APPLIED = "kpi.applied";
    private static final String KPI_ORDER_DATES = "kpi.orderDates";
    private static final String KPI_CATEGORY_KEYS = "kpi.categoryKeys";
    private static final String ARCHIVED_TO = "archivedTo";
    private static final String TIMING = "timing.";
    private static final Set<String> KEYS = Set.of(FORMAT_KEY, STATUS, REASON, MESSAGE, FAILURE_FILE, FAILURE_LINE,
            FAILURE_COLUMN, REJECT_LIMIT, ITEM_COUNT_MISMATCH, KPI_APPLIED, KPI_ORDER_DATES, KPI_CATEGORY_KEYS,
            ARCHIVED_TO);

    private Status status;
    private Rejection rejection;
    private Judgement judgement;
    private KpiChange kpiChange;
    private String archivedTo;
    private final SortedMap<String, Long> timings = new TreeMap<>();

    private RunOutcome() {
    }

    public static String key(String runId) {
        return BucketLayout.outcome(runId);
    }

    /** The run's outcome as stored, or an empty one when the run has none yet. */
    public static RunOutcome readFrom(Bucket bucket, String runId) {
        String key = key(runId);
        if (!bucket.exists(key)) {
            return new RunOutcome();
        }
        Properties p = new Properties();
        try (InputStream in = bucket.read(key)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
        }
        return parse(key, p);
    }

    public void writeTo(Bucket bucket, String runId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            toProperties().store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bucket.write(key(runId), bytes.toByteArray());
    }

    public Optional<Status> status() {
        return Optional.ofNullable(status);
    }

    public RunOutcome status(Status status) {
        this.status = Objects.requireNonNull(status, "status");
        return this;
    }

    /** Why the whole batch failed; empty when it did not. */
    public Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    public RunOutcome rejection(Rejection rejection) {
        this.rejection = Objects.requireNonNull(rejection, "rejection");
        return this;
    }

    /** What the judge step found; empty before it ran. */
    public Optional<Judgement> judgement() {
        return Optional.ofNullable(judgement);
    }

    public RunOutcome judgement(Judgement judgement) {
        this.judgement = Objects.requireNonNull(judgement, "judgement");
        return this;
    }

    /** What the merge step changed; empty before it ran. */
    public Optional<KpiChange> kpiChange() {
        return Optional.ofNullable(kpiChange);
    }

    public RunOutcome kpiChange(KpiChange kpiChange) {
        this.kpiChange = Objects.requireNonNull(kpiChange, "kpiChange");
        return this;
    }

    /** Where {@code archive-failed} moved a failed run's batch (a bucket key prefix); empty when it did not. */
    public Optional<String> archivedTo() {
        return Optional.ofNullable(archivedTo);
    }

    public RunOutcome archivedTo(String prefix) {
        this.archivedTo = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /** Records how long a step took, in milliseconds; {@code step} is {@code <job>.<step>}. */
    public RunOutcome timing(String step, long millis) {
        if (step.isEmpty()) {
            throw new IllegalArgumentException("a timing needs a step name");
        }
        timings.put(step, millis);
        return this;
    }

    /** Milliseconds per step ({@code <job>.<step>}) of the steps that completed, by step name. */
    public SortedMap<String, Long> timings() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(timings));
    }

    private Properties toProperties() {
        Properties p = new Properties();
        p.setProperty(FORMAT_KEY, Integer.toString(FORMAT));
        if (status != null) {
            p.setProperty(STATUS, status.name());
        }
        if (rejection != null) {
            p.setProperty(REASON, rejection.reason().name());
            p.setProperty(MESSAGE, rejection.message());
            rejection.at().ifPresent(at -> {
                p.setProperty(FAILURE_FILE, at.file());
                p.setProperty(FAILURE_LINE, Long.toString(at.line()));
                p.setProperty(FAILURE_COLUMN, Long.toString(at.column()));
            });
        }
        if (judgement != null) {
            p.setProperty(REJECT_LIMIT, judgement.rejectLimit().toPlainString());
            p.setProperty(ITEM_COUNT_MISMATCH, Long.toString(judgement.itemCountMismatches()));
        }
        if (kpiChange != null) {
            p.setProperty(KPI_APPLIED, Boolean.toString(kpiChange.applied()));
            p.setProperty(KPI_ORDER_DATES,
                    String.join(",", kpiChange.orderDates().stream().map(LocalDate::toString).toList()));
            p.setProperty(KPI_CATEGORY_KEYS, Long.toString(kpiChange.categoryKeys()));
        }
        if (archivedTo != null) {
            p.setProperty(ARCHIVED_TO, archivedTo);
        }
        timings.forEach((step, millis) -> p.setProperty(TIMING + step, Long.toString(millis)));
        return p;
    }

    private static RunOutcome parse(String key, Properties p) {
        Stored stored = new Stored(key, p);
        String format = p.getProperty(FORMAT_KEY);
        if (format == null) {
            throw new IllegalStateException(key + ": no '" + FORMAT_KEY + "' key; this version reads " + FORMAT_KEY
                    + "=" + FORMAT + " (an outcome written before outcomes had a format, or not by the pipeline)");
        }
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new IllegalStateException(key + ": '" + FORMAT_KEY + "' is " + format + ", this version reads "
                    + FORMAT_KEY + "=" + FORMAT);
        }
        List<String> unknown = new ArrayList<>();
        for (String name : p.stringPropertyNames()) {
            boolean timing = name.startsWith(TIMING) && name.length() > TIMING.length();
            if (!KEYS.contains(name) && !timing) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            Collections.sort(unknown);
            throw new IllegalStateException(key + ": unknown key '" + String.join("', '", unknown) + "' for "
                    + FORMAT_KEY + "=" + FORMAT);
        }
        RunOutcome outcome = new RunOutcome();
        outcome.status = stored.optional(STATUS, Status::valueOf).orElse(null);
        if (stored.has(REASON) || stored.has(MESSAGE)) {
            Optional<FilePosition> at = Optional.empty();
            if (stored.has(FAILURE_FILE) || stored.has(FAILURE_LINE) || stored.has(FAILURE_COLUMN)) {
                at = Optional.of(new FilePosition(stored.required(FAILURE_FILE, Function.identity()),
                        stored.required(FAILURE_LINE, Long::parseLong),
                        stored.required(FAILURE_COLUMN, Long::parseLong)));
            }
            outcome.rejection = new Rejection(stored.required(REASON, Reason::valueOf),
                    stored.required(MESSAGE, Function.identity()), at);
        } else {
            stored.absent(FAILURE_FILE, REASON);
            stored.absent(FAILURE_LINE, REASON);
            stored.absent(FAILURE_COLUMN, REASON);
        }
        if (stored.has(REJECT_LIMIT) || stored.has(ITEM_COUNT_MISMATCH)) {
            outcome.judgement = new Judgement(stored.required(REJECT_LIMIT, BigDecimal::new),
                    stored.required(ITEM_COUNT_MISMATCH, Long::parseLong));
        }
        if (stored.has(KPI_APPLIED) || stored.has(KPI_ORDER_DATES) || stored.has(KPI_CATEGORY_KEYS)) {
            outcome.kpiChange = new KpiChange(stored.required(KPI_APPLIED, RunOutcome::parseBoolean),
                    stored.required(KPI_ORDER_DATES, RunOutcome::parseDates),
                    stored.required(KPI_CATEGORY_KEYS, Long::parseLong));
        }
        outcome.archivedTo = p.getProperty(ARCHIVED_TO);
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(TIMING)) {
                outcome.timings.put(name.substring(TIMING.length()), stored.required(name, Long::parseLong));
            }
        }
        return outcome;
    }

    private static boolean parseBoolean(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        };
    }

    private static List<LocalDate> parseDates(String text) {
        return text.isEmpty() ? List.of() : Stream.of(text.split(",")).map(LocalDate::parse).toList();
    }

    /** The stored properties, read one key at a time with errors that name the file, the key and its value. */
    private record Stored(String file, Properties p) {
        boolean has(String name) {
            return p.getProperty(name) != null;
        }

        <T> Optional<T> optional(String name, Function<String, T> parser) {
            String text = p.getProperty(name);
            if (text == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(parser.apply(text));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalStateException(file + ": '" + name + "' is not valid: " + text, e);
            }
        }

        <T> T required(String name, Function<String, T> parser) {
            return optional(name, parser).orElseThrow(() -> new IllegalStateException(file + ": '" + name
                    + "' is missing"));
        }

        void absent(String name, String without) {
            if (has(name)) {
                throw new IllegalStateException(file + ": '" + name + "' without '" + without + "'");
            }
        }
    }
}
