package org.ecomkpi.step.validate;

import java.io.BufferedInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.Batchlet;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketObject;
import org.ecomkpi.csv.CsvHeader;
import org.ecomkpi.csv.CsvRowReader;
import org.ecomkpi.csv.ReadPosition;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.FileTally;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.RuleCode;
import org.ecomkpi.rules.Verdict;

/**
 * Combines the partitions of a partitioned validate step (orders, order_items) into the step's own staged parts and
 * tally, judging what only the whole batch can judge: DUPLICATE_KEY across partitions. Partitions are taken in file
 * order, and the batch's validator remembers every accepted row in that order, so the first accepted occurrence of a
 * key wins exactly as in one unpartitioned read:
 * <ul>
 * <li>an accepted row whose key an earlier partition accepted is withdrawn from the staged rows and becomes a
 *     DUPLICATE_KEY reject (read again from its file at the position the partition kept, so the reject archive
 *     holds its original cells and line);</li>
 * <li>an item a partition rejected for a rule judged after DUPLICATE_KEY (UNKNOWN_ORDER, UNKNOWN_PRODUCT) whose key
 *     an earlier partition accepted is a DUPLICATE_KEY reject instead;</li>
 * <li>a key whose earlier occurrence was rejected keeps its later valid occurrence.</li>
 * </ul>
 * Each partition part becomes one part of the step, in order (a copy when nothing in it changed), so the transform
 * job and the reject archives read them as they read an unpartitioned step's. When a partition could not read its
 * range, the first such failure in file order fails the batch, with the counts of the partitions up to it, as the
 * unpartitioned read would have stopped there. The batchlet only reads partition objects and rewrites the step's
 * own, so a restart simply does it again. Last, it settles the partitioned step's counts in the job repository
 * ({@link PartitionedStepCounts}): rows read, accepted and rejected as one read of the batch counts them.
 */
@Named
public class CombinePartitionsBatchlet extends RunArtifact implements Batchlet {
    @Inject
    @BatchProperty
    String fileType;

    /** The partitioned step whose partitions this step combines, whose counts it settles. */
    @Inject
    @BatchProperty
    String partitionedStep;

    @Inject
    StepContext stepContext;

    @Override
    public String process() {
        FileType type = FileType.ofFolder(fileType).orElseThrow(
                () -> new IllegalArgumentException("fileType '" + fileType + "' is none of orders, order_items"));
        ValidationRun run = ValidationRun.of(jobContext, storage, runId, bucketLocation, storeSpec);
        run.prepare(type, 0);
        Bucket bucket = run.bucket;
        List<SourceRange> ranges = SourcePartitionMapper.readPlan(bucket, Staging.partitionPlan(runId, type));
        Combination combination = new Combination(bucket, type, run.validator(), run.manifest.toRead(type));
        Optional<RunOutcome.Rejection> failure = Optional.empty();
        for (SourceRange range : ranges) {
            Staging.PartitionKeys keys = new Staging.PartitionKeys(runId, type, range.partition());
            combination.add(range, keys);
            failure = PartitionFailure.readFrom(bucket, keys);
            if (failure.isPresent()) {
                break;
            }
        }
        combination.tally.writeTo(bucket, runId, type);
        settleCounts(combination.tally);
        RunLog.info(runId, "validate", fileType, "partitions combined", Map.of("partitions", ranges.size(),
                "parts", combination.tally.parts(), "duplicatesAcrossPartitions", combination.duplicates));
        if (failure.isPresent()) {
            RunOutcome.readFrom(bucket, runId).rejection(failure.get()).writeTo(bucket, runId);
            return SourceFileReader.REJECTED;
        }
        return "COMBINED";
    }

    /**
     * The partitioned step's counts as one read of the batch gives them: rows read, accepted (written) and rejected
     * (skipped), duplicates found across partitions and the rows after a failed partition included.
     */
    private void settleCounts(StepTally tally) {
        long read = 0;
        long accepted = 0;
        long rejected = 0;
        for (FileTally file : tally.files().values()) {
            read += file.read();
            accepted += file.accepted();
            rejected += file.rejected();
        }
        PartitionedStepCounts.settle(jobContext, stepContext, partitionedStep, Map.of(Metric.MetricType.READ_COUNT,
                read, Metric.MetricType.WRITE_COUNT, accepted, Metric.MetricType.PROCESS_SKIP_COUNT, rejected));
    }

    @Override
    public void stop() {
        // bounded by the batch's staged rows; a stop waits for it
    }

    /** The step's parts and tally as they are built, partition after partition. */
    private final class Combination {
        final Bucket bucket;
        final FileType type;
        final BatchValidator batch;
        final List<InputFile> files;
        final Map<Integer, CsvHeader> headers = new HashMap<>();
        final StepTally tally = new StepTally();
        long duplicates;

        Combination(Bucket bucket, FileType type, BatchValidator batch, List<InputFile> files) {
            this.bucket = bucket;
            this.type = type;
            this.batch = batch;
            this.files = files;
        }

        void add(SourceRange range, Staging.PartitionKeys keys) {
            StepTally partition = lastTally(keys);
            int first = tally.parts();
            tally.add(partition);
            for (int part = 0; part < partition.parts(); part++) {
                addPart(range, keys, part, Staging.acceptedPart(runId, type, first + part),
                        Staging.rejectedPart(runId, type, first + part));
            }
        }

        /** The partition's tally of the most parts; empty when it committed no chunk. */
        private StepTally lastTally(Staging.PartitionKeys keys) {
            Optional<String> last = bucket.list(keys.tallyPrefix()).stream().map(BucketObject::key)
                    .filter(k -> k.startsWith(keys.tallyPrefix())).max(Comparator.naturalOrder());
            return last.flatMap(key -> StepTally.readFrom(bucket, key)).orElseGet(StepTally::new);
        }

        private void addPart(SourceRange range, Staging.PartitionKeys keys, int part, String acceptedKey,
                String rejectedKey) {
            // rejects first: a reject is judged against the partitions before, never against rows after it
            List<List<String>> rejects = new ArrayList<>();
            boolean rejectsChanged = false;
            try (Staging.PartReader rows = Staging.read(bucket, keys.rejectedPart(part))) {
                for (CSVRecord record : rows) {
                    List<String> reject = record.toList();
                    if (type == FileType.ORDER_ITEMS && judgedAfterDuplicates(reject.get(2))) {
                        Optional<Verdict.Rejected<?>> duplicate = duplicateOf(range, reject);
                        if (duplicate.isPresent()) {
                            tally.file(reject.get(0)).reclassify(RuleCode.valueOf(reject.get(2)), RuleCode.DUPLICATE_KEY);
                            reject.set(2, RuleCode.DUPLICATE_KEY.name());
                            reject.set(3, duplicate.get().message());
                            rejectsChanged = true;
                            duplicates++;
                        }
                    }
                    rejects.add(reject);
                }
            }
            // the rows' keys only: the batch remembers keys, and a part is copied as it is unless a row is withdrawn
            java.util.BitSet withdrawnRows = new java.util.BitSet();
            List<List<String>> withdrawn = new ArrayList<>();
            try (AcceptedRows.Reader rows = AcceptedRows.read(bucket, keys.acceptedPart(part), 0);
                 PartPositions.OnDemand positions = new PartPositions.OnDemand(
                         () -> new BufferedInputStream(bucket.read(keys.positionsPart(part)), 1 << 16))) {
                AcceptedRows.RowKey key = new AcceptedRows.RowKey();
                for (int index = 0; rows.nextKey(key); index++) {
                    if (!remember(key)) {
                        withdrawnRows.set(index);
                        withdrawn.add(withdraw(range, positions.at(index)));
                    }
                }
            }
            if (withdrawn.isEmpty()) {
                bucket.copy(keys.acceptedPart(part), acceptedKey);
            } else {
                List<Object> kept = new ArrayList<>();
                try (AcceptedRows.Reader rows = AcceptedRows.read(bucket, keys.acceptedPart(part), 0)) {
                    int index = 0;
                    for (Object row = rows.next(); row != null; row = rows.next(), index++) {
                        if (!withdrawnRows.get(index)) {
                            kept.add(row);
                        }
                    }
                }
                bucket.write(acceptedKey, AcceptedRows.encode(kept));
                rejects = byLine(rejects, withdrawn);
                rejectsChanged = true;
            }
            if (rejectsChanged) {
                bucket.write(rejectedKey, Staging.encode(rejects));
            } else {
                bucket.copy(keys.rejectedPart(part), rejectedKey);
            }
        }

        /** Remembers an accepted row as the batch's; false when the batch had already accepted its key. */
        private boolean remember(AcceptedRows.RowKey key) {
            switch (key.kind()) {
                case ORDER -> {
                    int before = batch.acceptedOrders();
                    batch.rememberOrder(key.id(), key.numOfItem());
                    return batch.acceptedOrders() > before;
                }
                case ITEM -> {
                    int before = batch.acceptedItems();
                    batch.rememberItem(key.id(), key.orderId());
                    return batch.acceptedItems() > before;
                }
                default -> throw new IllegalStateException("a " + key.kind() + " row in a partition of " + type);
            }
        }

        /** The DUPLICATE_KEY reject of an accepted row whose key an earlier partition accepted. */
        private List<String> withdraw(SourceRange range, ReadPosition at) {
            InputFile file = files.get(range.fileIndex());
            SourceRow row;
            try (CsvRowReader reader = CsvRowReader.resume(SourceContent.openAt(bucket, file.key(), at.byteOffset()),
                    file.key(), header(range), at)) {
                row = reader.next().orElseThrow(() -> new IllegalStateException(
                        file.key() + ": no row at byte " + at.byteOffset() + " where a partition accepted one"));
            }
            Verdict<?> verdict = type == FileType.ORDERS ? batch.order(row) : batch.item(row);
            if (!(verdict instanceof Verdict.Rejected<?> rejected) || rejected.rule() != RuleCode.DUPLICATE_KEY) {
                throw new IllegalStateException(file.key() + ": line " + row.line()
                        + ": a duplicate across partitions judged " + verdict + " when read again");
            }
            tally.file(file.key()).withdrawAccepted(RuleCode.DUPLICATE_KEY);
            duplicates++;
            return Staging.rejectCells(file.key(), row.line(), RuleCode.DUPLICATE_KEY.name(), rejected.message(),
                    row.cells());
        }

        /** DUPLICATE_KEY when an earlier partition accepted the key of an item rejected for a later rule. */
        private Optional<Verdict.Rejected<?>> duplicateOf(SourceRange range, List<String> reject) {
            String[] cells = reject.subList(4, reject.size()).toArray(String[]::new);
            SourceRow row = new SourceRow(header(range), Long.parseLong(reject.get(1)), cells);
            Verdict<?> verdict = batch.item(row);
            if (verdict instanceof Verdict.Rejected<?> rejected) {
                return rejected.rule() == RuleCode.DUPLICATE_KEY ? Optional.of(rejected) : Optional.empty();
            }
            throw new IllegalStateException(row.file() + ": line " + row.line() + ": an item rejected as "
                    + reject.get(2) + " in its partition is accepted against the whole batch");
        }

        private CsvHeader header(SourceRange range) {
            return headers.computeIfAbsent(range.fileIndex(), i -> {
                InputFile file = files.get(i);
                try (CsvRowReader reader = CsvRowReader.open(SourceContent.open(bucket, file.key()), file.key(), type)) {
                    return reader.header();
                }
            });
        }
    }

    private static boolean judgedAfterDuplicates(String rule) {
        return rule.equals(RuleCode.UNKNOWN_ORDER.name()) || rule.equals(RuleCode.UNKNOWN_PRODUCT.name());
    }

    /** The part's rejects with the withdrawn rows among them by line (both lists are in line order). */
    private static List<List<String>> byLine(List<List<String>> rejects, List<List<String>> withdrawn) {
        List<List<String>> merged = new ArrayList<>(rejects.size() + withdrawn.size());
        int i = 0;
        int j = 0;
        while (i < rejects.size() || j < withdrawn.size()) {
            if (j == withdrawn.size() || (i < rejects.size()
                    && Long.parseLong(rejects.get(i).get(1)) < Long.parseLong(withdrawn.get(j).get(1)))) {
                merged.add(rejects.get(i++));
            } else {
                merged.add(withdrawn.get(j++));
            }
        }
        return merged;
    }
}
