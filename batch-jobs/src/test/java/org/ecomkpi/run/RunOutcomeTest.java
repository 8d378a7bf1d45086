package org.ecomkpi.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.LocalBucket;
import org.ecomkpi.run.RunOutcome.Judgement;
import org.ecomkpi.run.RunOutcome.KpiChange;
import org.ecomkpi.run.RunOutcome.Reason;
import org.ecomkpi.run.RunOutcome.Rejection;
import org.ecomkpi.run.RunOutcome.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs/<runId>/outcome.properties} as the steps, the report and {@code archive-failed} read and write it:
 * every field comes back as it was set, under the keys the file has always had plus {@code format}, and a file this
 * version cannot read whole is refused with the key at fault named.
 */
class RunOutcomeTest {
    @TempDir
    Path dir;

    private Bucket bucket() {
        return LocalBucket.at(dir);
    }

    private static RunOutcome everyField(Bucket bucket) {
        return RunOutcome.readFrom(bucket, "r1")
                .status(Status.PROCESSED)
                .rejection(Rejection.inFile(Reason.SCHEMA_ERROR, "orders/a.csv: line 1, column 3: no such column",
                        "orders/a=b é.csv", 1, 3))
                .judgement(new Judgement(new BigDecimal("0.05"), 7))
                .kpiChange(new KpiChange(true, List.of(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 1)), 12))
                .archivedTo("invalid-data/r1/input/")
                .timing("validate.orders", 41)
                .timing("transform.merge", 1_234);
    }

    @Test
    void everyFieldComesBackAsItWasSet() {
        Bucket bucket = bucket();
        everyField(bucket).writeTo(bucket, "r1");

        RunOutcome read = RunOutcome.readFrom(bucket, "r1");

        assertEquals(Optional.of(Status.PROCESSED), read.status());
        assertEquals(Optional.of(Rejection.inFile(Reason.SCHEMA_ERROR,
                "orders/a.csv: line 1, column 3: no such column", "orders/a=b é.csv", 1, 3)), read.rejection());
        assertEquals(Optional.of(new Judgement(new BigDecimal("0.05"), 7)), read.judgement());
        assertEquals(Optional.of(new KpiChange(true, List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2)), 12)),
                read.kpiChange());
        assertEquals(Optional.of("invalid-data/r1/input/"), read.archivedTo());
        assertEquals(new TreeMap<>(Map.of("validate.orders", 41L, "transform.merge", 1_234L)), read.timings());
    }

    @Test
    void aBatchWideRejectionAndAMergeThatChangedNoDateComeBackWithoutAPosition() {
        Bucket bucket = bucket();
        RunOutcome.readFrom(bucket, "r1")
                .rejection(Rejection.ofBatch(Reason.REJECT_RATIO, "orders: 3 of 4 rows rejected"))
                .kpiChange(new KpiChange(false, List.of(), 0))
                .writeTo(bucket, "r1");

        RunOutcome read = RunOutcome.readFrom(bucket, "r1");

        assertEquals(Optional.of(Rejection.ofBatch(Reason.REJECT_RATIO, "orders: 3 of 4 rows rejected")),
                read.rejection());
        assertEquals(Optional.of(new KpiChange(false, List.of(), 0)), read.kpiChange());
        assertEquals(Optional.empty(), read.status());
        assertEquals(Optional.empty(), read.judgement());
        assertEquals(Optional.empty(), read.archivedTo());
        assertEquals(Map.of(), read.timings());
    }

    @Test
    void theFileHoldsTheKeysTheReportAndTheDocsNameAndItsFormat() {
        Bucket bucket = bucket();
        everyField(bucket).writeTo(bucket, "r1");

        Properties stored = stored(bucket, "r1");

        assertEquals(Set.of("format", "status", "reason", "message", "failure.file", "failure.line", "failure.column",
                "rejectLimit", "warning.ITEM_COUNT_MISMATCH", "kpi.applied", "kpi.orderDates", "kpi.categoryKeys",
                "archivedTo", "timing.validate.orders", "timing.transform.merge"), stored.stringPropertyNames());
        assertEquals("1", stored.getProperty("format"));
        assertEquals("PROCESSED", stored.getProperty("status"));
        assertEquals("SCHEMA_ERROR", stored.getProperty("reason"));
        assertEquals("orders/a=b é.csv", stored.getProperty("failure.file"));
        assertEquals("3", stored.getProperty("failure.column"));
        assertEquals("0.05", stored.getProperty("rejectLimit"));
        assertEquals("7", stored.getProperty("warning.ITEM_COUNT_MISMATCH"));
        assertEquals("true", stored.getProperty("kpi.applied"));
        assertEquals("2024-01-01,2024-01-02", stored.getProperty("kpi.orderDates"));
        assertEquals("12", stored.getProperty("kpi.categoryKeys"));
        assertEquals("1234", stored.getProperty("timing.transform.merge"));
    }

    @Test
    void eachStepSetsItsOwnPartAndKeepsWhatTheOthersRecorded() {
        Bucket bucket = bucket();
        RunOutcome.readFrom(bucket, "r1").status(Status.CLAIMED).writeTo(bucket, "r1");
        RunOutcome.readFrom(bucket, "r1").timing("validate.claim", 3).writeTo(bucket, "r1");
        RunOutcome.readFrom(bucket, "r1").judgement(new Judgement(new BigDecimal("0.1"), 0)).status(Status.VALIDATED)
                .writeTo(bucket, "r1");
        RunOutcome.readFrom(bucket, "r1").timing("validate.judge", 5).writeTo(bucket, "r1");

        RunOutcome read = RunOutcome.readFrom(bucket, "r1");

        assertEquals(Optional.of(Status.VALIDATED), read.status());
        assertEquals(Optional.of(new Judgement(new BigDecimal("0.1"), 0)), read.judgement());
        assertEquals(Map.of("validate.claim", 3L, "validate.judge", 5L), read.timings());
    }

    @Test
    void aRunWithoutAnOutcomeHasAnEmptyOneAndReadingWritesNothing() {
        Bucket bucket = bucket();

        RunOutcome read = RunOutcome.readFrom(bucket, "r1");

        assertEquals(Optional.empty(), read.status());
        assertEquals(Optional.empty(), read.rejection());
        assertEquals(Map.of(), read.timings());
        assertEquals(List.of(), bucket.list(""));
    }

    @Test
    void anOutcomeWithoutAFormatIsRefusedNamingTheFormatKey() {
        String message = refused("status=VALIDATED\n");

        assertTrue(message.startsWith("runs/r1/outcome.properties: no 'format' key; this version reads format=1"),
                message);
    }

    @Test
    void anOutcomeOfAnotherFormatIsRefusedSayingWhichItIsAndWhichThisVersionReads() {
        String message = refused("format=2\nstatus=VALIDATED\n");

        assertEquals("runs/r1/outcome.properties: 'format' is 2, this version reads format=1", message);
    }

    @Test
    void aKeyFormatOneDoesNotHaveIsRefusedRatherThanDroppedByTheNextWrite() {
        String message = refused("format=1\nstatus=VALIDATED\nkept=yes\ntiming.=3\n");

        assertEquals("runs/r1/outcome.properties: unknown key 'kept', 'timing.' for format=1", message);
    }

    @Test
    void aValueThatIsNotOfItsKeysTypeIsRefusedNamingTheKeyAndTheValue() {
        assertEquals("runs/r1/outcome.properties: 'status' is not valid: DONE", refused("format=1\nstatus=DONE\n"));
        assertEquals("runs/r1/outcome.properties: 'kpi.applied' is not valid: yes",
                refused("format=1\nkpi.applied=yes\nkpi.orderDates=\nkpi.categoryKeys=0\n"));
        assertEquals("runs/r1/outcome.properties: 'kpi.orderDates' is not valid: 2024-13-01",
                refused("format=1\nkpi.applied=true\nkpi.orderDates=2024-13-01\nkpi.categoryKeys=1\n"));
        assertEquals("runs/r1/outcome.properties: 'timing.validate.orders' is not valid: 4.5",
                refused("format=1\ntiming.validate.orders=4.5\n"));
    }

    @Test
    void aPartOfAFieldWithoutTheRestIsRefusedNamingTheMissingKey() {
        assertEquals("runs/r1/outcome.properties: 'message' is missing", refused("format=1\nreason=REJECT_RATIO\n"));
        assertEquals("runs/r1/outcome.properties: 'failure.column' is missing",
                refused("format=1\nreason=SCHEMA_ERROR\nmessage=m\nfailure.file=a.csv\nfailure.line=1\n"));
        assertEquals("runs/r1/outcome.properties: 'failure.line' without 'reason'",
                refused("format=1\nfailure.line=1\n"));
        assertEquals("runs/r1/outcome.properties: 'warning.ITEM_COUNT_MISMATCH' is missing",
                refused("format=1\nrejectLimit=0.05\n"));
    }

    private String refused(String content) {
        Bucket bucket = bucket();
        bucket.write(RunOutcome.key("r1"), content.getBytes(StandardCharsets.ISO_8859_1));
        return assertThrows(IllegalStateException.class, () -> RunOutcome.readFrom(bucket, "r1")).getMessage();
    }

    private static Properties stored(Bucket bucket, String runId) {
        Properties p = new Properties();
        try (InputStream in = bucket.read(RunOutcome.key(runId))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
