package org.ecomkpi.step.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.context.JobContext;

import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.csv.CsvHeader;
import org.ecomkpi.csv.ReadPosition;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.rules.RuleCode;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.FileTally;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.run.Storage;
import org.ecomkpi.store.KpiStore;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.context.StepContextImpl;
import org.jberet.runtime.metric.StepMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One chunk of a validate step's partition, as JBeret drives its processor and writer, against mocked batch contexts:
 * the processor returns a verdict for every row, and the classifying writer stages the accepted ones and the rejects
 * each to their own part, counts both in the tally it checkpoints, and leaves the job repository counting the rejects
 * as skips. A writer opened again at that checkpoint judges the next rows as the first attempt would have.
 */
class ValidateChunkTest {
    private static final String FILE = "runs/r1/input/orders/orders.csv";
    private static final CsvHeader HEADER = CsvHeader.of(FILE, FileType.ORDERS,
            List.of("order_id", "user_id", "created_at", "status"));

    @TempDir
    Path dir;

    private Bucket bucket;
    private final JobContext job = mock(JobContext.class);
    private final StepContextImpl step = mock(StepContextImpl.class);
    private final Storage storage = mock(Storage.class);
    private final StepMetrics metrics = new StepMetrics();
    private final Staging.PartitionKeys keys = new Staging.PartitionKeys("r1", FileType.ORDERS, 0);

    @BeforeEach
    void aClaimedBatchAndAPartitionOfItsOrdersStep() {
        bucket = Bucket.at(dir.toString());
        new BatchManifest("r1", Instant.parse("2025-06-01T00:00:00Z"), List.of()).writeTo(bucket);
        when(storage.bucket("bucket")).thenReturn(bucket);
        when(storage.store("store")).thenReturn(mock(KpiStore.class));
        Object[] transientUserData = new Object[1];
        doAnswer(call -> transientUserData[0] = call.getArgument(0)).when(step).setTransientUserData(any());
        when(step.getTransientUserData()).thenAnswer(call -> transientUserData[0]);
        when(step.getStepName()).thenReturn("orders");
        AbstractStepExecution partition = mock(AbstractStepExecution.class);
        when(partition.getStepMetrics()).thenReturn(metrics);
        when(step.getStepExecution()).thenReturn(partition);
    }

    @Test
    void aChunkMixingAcceptedAndRejectedRowsStagesEachToItsPartAndCountsBoth() throws Exception {
        StagedRowWriter writer = new OrdersPartitionWriter(job, step, storage);
        writer.open(null);
        RowValidator processor = processor();

        List<Object> chunk = new ArrayList<>();
        chunk.add(processor.processItem(read(2, 30, "o1", "u1")));
        chunk.add(processor.processItem(read(3, 70, "", "u2")));
        chunk.add(processor.processItem(read(4, 100, "o2", "u3")));
        chunk.add(processor.processItem(read(5, 140, "o1", "u4")));
        writeAsJBeretDoes(writer, chunk);
        StepTally checkpoint = (StepTally) writer.checkpointInfo();

        assertInstanceOf(RowVerdict.Accepted.class, chunk.get(0));
        RowVerdict.Rejected missing = assertInstanceOf(RowVerdict.Rejected.class, chunk.get(1));
        assertEquals(RuleCode.MISSING_FIELD, missing.rule());
        assertInstanceOf(RowVerdict.Accepted.class, chunk.get(2));
        RowVerdict.Rejected duplicate = assertInstanceOf(RowVerdict.Rejected.class, chunk.get(3));
        assertEquals(RuleCode.DUPLICATE_KEY, duplicate.rule());

        assertEquals(List.of("o1", "o2"), acceptedOrders(0), "the accepted part");
        assertEquals(List.of(new ReadPosition(30, 1), new ReadPosition(100, 3)), positions(0),
                "where each accepted row starts, to read it again");
        assertEquals(List.of(List.of(FILE, "3", "MISSING_FIELD", missing.reason(), "", "u2", "2025-03-30T16:14:26",
                        "Complete"),
                List.of(FILE, "5", "DUPLICATE_KEY", duplicate.reason(), "o1", "u4", "2025-03-30T16:14:26", "Complete")),
                rejects(0), "the rejected part");

        assertEquals(1, checkpoint.parts());
        FileTally file = checkpoint.files().get(FILE);
        assertEquals(List.of(4L, 2L, 2L), List.of(file.read(), file.accepted(), file.rejected()));
        assertEquals(Map.of(RuleCode.MISSING_FIELD, 1L, RuleCode.DUPLICATE_KEY, 1L), file.rejectedByRule());
        assertEquals(1, StepTally.readFrom(bucket, keys.tally(1)).orElseThrow().parts(), "the tally is staged too");

        assertEquals(4, metrics.get(Metric.MetricType.READ_COUNT));
        assertEquals(2, metrics.get(Metric.MetricType.WRITE_COUNT), "accepted rows are the writes");
        assertEquals(2, metrics.get(Metric.MetricType.PROCESS_SKIP_COUNT), "rejects are the skips");
    }

    @Test
    void aWriterOpenedAtTheCheckpointJudgesTheNextRowsAsTheFirstAttemptWould() throws Exception {
        StagedRowWriter first = new OrdersPartitionWriter(job, step, storage);
        first.open(null);
        writeAsJBeretDoes(first, List.of(processor().processItem(read(2, 30, "o1", "u1"))));
        StepTally checkpoint = (StepTally) first.checkpointInfo();

        step.setTransientUserData(null); // a new JVM: nothing of the first attempt is left in memory
        StagedRowWriter restarted = new OrdersPartitionWriter(job, step, storage);
        restarted.open(checkpoint);
        RowValidator processor = processor();
        List<Object> chunk = List.of(processor.processItem(read(3, 70, "o1", "u2")),
                processor.processItem(read(4, 110, "o2", "u3")));
        writeAsJBeretDoes(restarted, chunk);
        StepTally next = (StepTally) restarted.checkpointInfo();

        assertEquals(RuleCode.DUPLICATE_KEY, assertInstanceOf(RowVerdict.Rejected.class, chunk.get(0)).rule(),
                "the key its committed part accepted");
        assertEquals(List.of("o2"), acceptedOrders(1), "the next part");
        assertEquals(List.of("o1"), acceptedOrders(0), "the committed part is kept");
        assertEquals(2, next.parts());
        FileTally file = next.files().get(FILE);
        assertEquals(List.of(3L, 2L, 1L), List.of(file.read(), file.accepted(), file.rejected()));
    }

    @Test
    void aChunkOfRejectsOnlyStagesAnEmptyAcceptedPart() throws Exception {
        StagedRowWriter writer = new OrdersPartitionWriter(job, step, storage);
        writer.open(null);
        writeAsJBeretDoes(writer, List.of(processor().processItem(read(2, 30, "", "u1"))));
        StepTally checkpoint = (StepTally) writer.checkpointInfo();

        assertEquals(List.of(), acceptedOrders(0));
        assertEquals(List.of(), positions(0));
        assertEquals(1, rejects(0).size());
        assertEquals(1, checkpoint.parts());
        assertEquals(0, metrics.get(Metric.MetricType.WRITE_COUNT));
        assertEquals(1, metrics.get(Metric.MetricType.PROCESS_SKIP_COUNT));
    }

    @Test
    void aStepWhoseWriterDidNotOpenHasNoValidatorToJudgeWith() {
        assertNull(step.getTransientUserData());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> processor().processItem(read(2, 30, "o1", "u1")));
        assertEquals("step orders has no validator: its writer did not open", e.getMessage());
    }
    /** What JBeret does with a chunk: counts its rows read, has the writer write it, then counts them written. */
    private void writeAsJBeretDoes(StagedRowWriter writer, List<Object> chunk) throws Exception {
        metrics.increment(Metric.MetricType.READ_COUNT, chunk.size());
        writer.writeItems(chunk);
        metrics.increment(Metric.MetricType.WRITE_COUNT, chunk.size());
    }

    private RowValidator processor() {
        RowValidator processor = new RowValidator();
        processor.stepContext = step;
        return processor;
    }

    /** An orders row on {@code line}, starting at {@code offset} (the reader's position after the row before). */
    private static ReadRow read(long line, long offset, String orderId, String userId) {
        SourceRow row = new SourceRow(HEADER, line, new String[] {orderId, userId, "2025-03-30T16:14:26", "Complete"});
        return new ReadRow(row, new ReadPosition(offset, line - 1));
    }

    private List<String> acceptedOrders(int part) {
        List<String> ids = new ArrayList<>();
        try (AcceptedRows.Reader rows = AcceptedRows.read(bucket, keys.acceptedPart(part), 0)) {
            for (Object row = rows.next(); row != null; row = rows.next()) {
                ids.add(((Order) row).orderId());
            }
        }
        return ids;
    }

    private List<ReadPosition> positions(int part) throws Exception {
        List<ReadPosition> positions = new ArrayList<>();
        try (InputStream in = bucket.read(keys.positionsPart(part))) {
            for (ReadPosition at = PartPositions.read(in); at != null; at = PartPositions.read(in)) {
                positions.add(at);
            }
        }
        return positions;
    }

    private List<List<String>> rejects(int part) {
        List<List<String>> rejects = new ArrayList<>();
        try (Staging.PartReader rows = Staging.read(bucket, keys.rejectedPart(part))) {
            for (CSVRecord record : rows) {
                rejects.add(record.toList());
            }
        }
        return rejects;
    }

    /** The writer of partition 0 of the orders step of run r1, as the job XML configures it. */
    private static final class OrdersPartitionWriter extends StagedRowWriter {
        OrdersPartitionWriter(JobContext job, StepContextImpl step, Storage storage) {
            fileType = "orders";
            partition = "0";
            fileIndexOfRange = "0";
            startOffset = "0";
            startLine = "0";
            endOffset = "-1";
            runId = "r1";
            bucketLocation = "bucket";
            storeSpec = "store";
            jobContext = job;
            stepContext = step;
            this.storage = storage;
        }
    }
}
