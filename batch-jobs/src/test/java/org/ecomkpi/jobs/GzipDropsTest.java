package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.ecomkpi.cli.Cli;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drop whose files are gzip-compressed (SPEC section 2) gives the same KPIs as the same drop uncompressed: orders
 * as {@code orders/*.csv.gz}, the catalogue as a top-level {@code products.csv.gz}, items as gzip bytes under their
 * {@code .csv} names. The files are hashed and archived as stored, and a restart from a checkpoint inside a gzip
 * file reads on from the checkpointed (decompressed) offset.
 */
class GzipDropsTest {
    private static final int CHUNK = 50;

    @TempDir
    Path dir;

    private DropSummary drop;
    private PipelineRuns plain;
    private PipelineRuns gzipped;

    @BeforeEach
    void theSameDropPlainAndGzipped() throws Exception {
        drop = new DropGenerator(DropSpec.builder(2_000, 10, 91L).badRowsPerRule(2).build()).write(dir.resolve("drop"));
        plain = new PipelineRuns(dir.resolve("plain"));
        plain.land(drop.landingData());
        List<LaunchResult> results = plain.runBoth("r1");
        assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
        gzipped = new PipelineRuns(dir.resolve("gzipped"));
        landGzipped(drop.landingData(), gzipped.bucket.resolve("landing-data"));
    }

    @Test
    void aGzipOnlyDropIsProcessedWithTheKpisOfTheSameDropUncompressed() throws Exception {
        List<LaunchResult> results = gzipped.runBoth("r1");
        assertEquals("VALIDATED", results.get(0).exitStatus(), results.toString());
        assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
        assertSameKpisAsThePlainRun();

        List<Path> landed = filesUnder(drop.landingData());
        List<Path> archived = filesUnder(gzipped.bucket.resolve("processed/r1"));
        assertEquals(landed.size(), archived.size(), "every file archived: " + archived);
        assertTrue(Files.exists(gzipped.bucket.resolve("processed/r1/products.csv.gz")), archived.toString());
        String manifest = Files.readString(gzipped.bucket.resolve("runs/r1/manifest.properties"));
        for (Path file : archived) {
            assertTrue(manifest.contains(sha256(file)), "hashed as stored: " + file);
        }
        assertEquals(rejectsOf(plain), rejectsOf(gzipped), "the same reject archives, as plain CSV");
    }

    @Test
    void validateKilledInsideAGzipFileRestartsFromItsCheckpointWithTheSameKpis() throws Exception {
        ChildCli.Result first = ChildCli.runKilledAfter(Map.of(), "validate/items] checkpoint committed",
                args("validate"));
        Cli second = Cli.runWith(Map.of(), args("validate")); // the restart: in this JVM, the killed one's is gone
        assertEquals(0, second.exitCode(), second.output());
        String resumed = second.output().lines().filter(l -> l.contains("validate/order_items] resuming from checkpoint"))
                .findFirst().orElseThrow(() -> new AssertionError("no restart from a checkpoint:\n" + second.output()));
        Matcher offset = Pattern.compile("byteOffset=(\\d+)").matcher(resumed);
        assertTrue(offset.find() && Long.parseLong(offset.group(1)) > 0,
                "resumed inside a gzip file: " + resumed + "\n" + first.output());
        Cli transform = Cli.runWith(Map.of(), args("transform"));
        assertEquals(0, transform.exitCode(), transform.output());
        assertSameKpisAsThePlainRun();
        assertEquals(tally(plain), tally(gzipped), "same counts per rule as the uninterrupted plain run");
    }

    private String[] args(String job) {
        return new String[] {job, "--run-id", "r1", "--bucket", gzipped.bucket.toString(), "--store",
            gzipped.storeSpec(), "--chunk-size", Integer.toString(CHUNK)};
    }

    /** Lands every file gzipped: orders and products renamed {@code .csv.gz}, the rest keeping their names. */
    private static void landGzipped(Path from, Path landing) throws IOException {
        for (Path file : filesUnder(from)) {
            String relative = from.relativize(file).toString().replace('\\', '/');
            String name = relative.startsWith("order_items/") ? relative : relative + ".gz";
            Path target = landing.resolve(name);
            Files.createDirectories(target.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
                Files.copy(file, out);
            }
        }
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static Map<String, String> rejectsOf(PipelineRuns pipeline) throws IOException {
        Path root = pipeline.bucket.resolve("invalid-data/r1");
        Map<String, String> rejects = new java.util.TreeMap<>();
        for (Path file : filesUnder(root)) {
            // the FUTURE_TIMESTAMP message names the run's start, the one thing two runs do not share
            rejects.put(root.relativize(file).toString(),
                    Files.readString(file).replaceAll("job's start \\([^)]*\\)", "job's start"));
        }
        return rejects;
    }

    private static List<String> tally(PipelineRuns pipeline) throws IOException {
        return Files.readString(pipeline.bucket.resolve("runs/r1/staging/order_items/tally.properties")).lines()
                .filter(l -> !l.startsWith("#") && !l.startsWith("parts="))
                .map(l -> l.replace(".csv.gz", ".csv")).sorted().toList();
    }

    private void assertSameKpisAsThePlainRun() {
        List<OrderDayKpi> expectedOrders;
        List<CategoryDayKpi> expectedCategories;
        try (KpiStore store = KpiStore.at(plain.storeSpec())) {
            expectedOrders = store.orderKpis(Optional.empty());
            expectedCategories = store.categoryKpis(Optional.empty(), Optional.empty());
        }
        assertTrue(!expectedOrders.isEmpty(), "the plain run made KPIs");
        try (KpiStore store = KpiStore.at(gzipped.storeSpec())) {
            assertEquals(expectedOrders, store.orderKpis(Optional.empty()));
            assertEquals(expectedCategories, store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }
}
