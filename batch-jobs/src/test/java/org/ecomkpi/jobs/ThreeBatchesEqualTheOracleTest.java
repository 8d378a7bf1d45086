package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.generate.Defect;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.oracle.OracleOrderDay;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.FileTally;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.rules.RuleCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three batches of one generated drop, run one after the other through the real validate and transform jobs:
 * dates and customers span the batches, the catalogue arrives with the first only. Afterwards both KPI tables
 * must equal DuckDB's over every row the runs accepted, derived from the archives alone.
 */
class ThreeBatchesEqualTheOracleTest {
    private static final String[] RUNS = {"batch-1", "batch-2", "batch-3"};

    @TempDir
    static Path dir;

    static PipelineRuns pipeline;
    static List<DropSummary> batches;

    @BeforeAll
    static void runThreeBatches() throws Exception {
        DropSpec spec = DropSpec.builder(3_000, 20, 33L).badRowsPerRule(3).build(); // 1,000 orders a batch, 50 a day
        batches = new DropGenerator(spec).writeBatches(dir.resolve("drop"), 3);
        pipeline = new PipelineRuns(dir);
        for (int i = 0; i < RUNS.length; i++) {
            pipeline.land(batches.get(i).landingData());
            List<LaunchResult> results = pipeline.runBoth(RUNS[i]);
            assertEquals("VALIDATED", results.get(0).exitStatus(), results.toString());
            assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
        }
    }

    @Test
    void bothKpiTablesEqualTheOracleOverEveryAcceptedRow() throws Exception {
        OracleKpis oracle = pipeline.oracle(dir.resolve("accepted"), RUNS);
        try (KpiStore store = KpiStore.at(pipeline.storeSpec())) {
            List<OracleOrderDay> orders = PipelineRuns.asOracle(store.orderKpis(Optional.empty()));
            assertEquals(20, orders.size());
            assertEquals(oracle.orderDays(), orders);
            assertEquals(oracle.categoryDays(),
                    PipelineRuns.asOracleCategories(store.categoryKpis(Optional.empty(), Optional.empty())));
        }
    }

    @Test
    void datesAndCustomersSpanTheBatches() throws Exception {
        Set<String> seen = new HashSet<>();
        int shared = 0;
        for (String run : RUNS) {
            Set<String> datesOfRun = new HashSet<>();
            for (Path input : pipeline.processed(run, FileType.ORDERS)) {
                for (var row : PipelineRuns.sourceRows(input, FileType.ORDERS)) {
                    datesOfRun.add(row.value(org.ecomkpi.row.Column.CREATED_AT).substring(0, 10));
                }
            }
            for (String date : datesOfRun) {
                shared += seen.contains(date) ? 1 : 0;
            }
            seen.addAll(datesOfRun);
        }
        assertTrue(shared >= 30, "dates seen again in a later batch: " + shared);
    }

    @Test
    void everyRowReadIsAcceptedOrRejectedAndTheArchivesHoldTheRejects() throws Exception {
        Bucket bucket = Bucket.at(pipeline.bucket.toString());
        for (String run : RUNS) {
            for (FileType type : FileType.values()) {
                Optional<StepTally> tally = StepTally.readFrom(bucket, run, type);
                for (Path input : pipeline.processed(run, type)) {
                    FileTally file = tally.orElseThrow().files().entrySet().stream()
                            .filter(e -> e.getKey().endsWith("/" + input.getFileName())).findFirst().orElseThrow()
                            .getValue();
                    long rows = PipelineRuns.sourceRows(input, type).size();
                    long archived = pipeline.rejects(run, type, input).map(p -> {
                        try {
                            return (long) PipelineRuns.rows(p).size();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).orElse(0L);
                    assertEquals(rows, file.read(), run + " " + input.getFileName() + " rows read");
                    assertEquals(file.read(), file.accepted() + file.rejected(), run + " " + input.getFileName());
                    assertEquals(file.rejected(), archived, run + " " + input.getFileName() + " archived rejects");
                }
            }
        }
    }

    @Test
    void rejectArchivesHoldExactlyThePlantedRowsOfEachRule() throws Exception {
        for (int i = 0; i < RUNS.length; i++) {
            DropSummary planted = batches.get(i);
            for (FileType type : FileType.values()) {
                Map<String, Long> archived = new java.util.TreeMap<>();
                for (Path input : pipeline.processed(RUNS[i], type)) {
                    Optional<Path> rejects = pipeline.rejects(RUNS[i], type, input);
                    if (rejects.isPresent()) {
                        for (Map<String, String> row : PipelineRuns.rows(rejects.get())) {
                            archived.merge(row.get("_rule"), 1L, Long::sum);
                            assertFalse(row.get("_message").isBlank());
                        }
                    }
                }
                Map<String, Long> expected = new java.util.TreeMap<>();
                for (RuleCode rule : RuleCode.values()) {
                    long n = planted.injected(Defect.valueOf(rule.name()), type);
                    if (n > 0) {
                        expected.put(rule.name(), n);
                    }
                }
                assertEquals(expected, archived, RUNS[i] + " " + type);
            }
        }
    }

    @Test
    void inputsAreArchivedAndLandingIsEmpty() throws Exception {
        assertTrue(Files.list(pipeline.bucket.resolve("landing-data")).findAny().isEmpty()
                || Files.walk(pipeline.bucket.resolve("landing-data")).noneMatch(Files::isRegularFile));
        for (String run : RUNS) {
            assertTrue(Files.exists(pipeline.bucket.resolve("runs").resolve(run).resolve("report.json")));
            assertFalse(pipeline.processed(run, FileType.ORDERS).isEmpty());
        }
    }
}
