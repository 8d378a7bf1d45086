package org.ecomkpi.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.csv.CsvRowReader;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;

/**
 * A bucket folder and an H2 store for end-to-end tests of the real jobs, plus what a test needs to check a
 * run from the outside: the files it archived, and the accepted rows derived from them (every row of a
 * processed input file whose line is not in that file's reject archive).
 */
final class PipelineRuns {
    final Path bucket;
    final Path store;

    PipelineRuns(Path dir) {
        this.bucket = dir.resolve("bucket");
        this.store = dir.resolve("store");
    }

    String storeSpec() {
        return "h2:" + store;
    }

    Properties parameters() {
        Properties p = new Properties();
        p.setProperty("bucket", bucket.toString());
        p.setProperty("store", storeSpec());
        return p;
    }

    /** Copies a generated drop's {@code landing-data/} into the bucket's. */
    void land(Path landingData) throws IOException {
        try (Stream<Path> files = Files.walk(landingData)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = bucket.resolve("landing-data").resolve(landingData.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    /** Runs validate then transform for a run in this JVM; returns both results. */
    List<LaunchResult> runBoth(String runId) {
        try (JobLauncher launcher = JobLauncher.onH2(store)) {
            LaunchResult validate = launcher.startOrRestart("validate", runId, parameters());
            LaunchResult transform = launcher.startOrRestart("transform", runId, parameters());
            return List.of(validate, transform);
        }
    }

    /** Files of a run's {@code processed/<runId>/} archive of one type, by relative path. */
    List<Path> processed(String runId, FileType type) throws IOException {
        Path root = bucket.resolve("processed").resolve(runId);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> InputFile.typeOf(root.relativize(f).toString().replace('\\', '/'))
                            .equals(Optional.of(type)))
                    .sorted().toList();
        }
    }

    /**
     * The reject archive of a processed input file ({@code processed/<runId>/<relative path>}), if the run wrote
     * one: {@code invalid-data/<runId>/<relative path>}.
     */
    Optional<Path> rejects(String runId, FileType type, Path processedFile) {
        Path relative = bucket.resolve("processed").resolve(runId).relativize(processedFile);
        if (!InputFile.typeOf(relative.toString().replace('\\', '/')).equals(Optional.of(type))) {
            throw new IllegalArgumentException(processedFile + " is not a processed " + type.folder() + " file of " + runId);
        }
        Path file = bucket.resolve("invalid-data").resolve(runId).resolve(relative.toString());
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    /** The reject archive's rows: header name to value. */
    static List<Map<String, String>> rows(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.add(new TreeMap<>(r.toMap()));
            }
            return rows;
        }
    }

    /** Every data row of an input file with its line. */
    static List<SourceRow> sourceRows(Path file, FileType type) throws IOException {
        try (InputStream in = Files.newInputStream(file); CsvRowReader reader = CsvRowReader.open(in, file.toString(), type)) {
            List<SourceRow> rows = new ArrayList<>();
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
            return rows;
        }
    }

    /**
     * The DuckDB oracle's KPIs over every row the given runs accepted, derived from their archives alone: each
     * processed input minus the lines of its reject archive, written under {@code work}.
     */
    org.ecomkpi.oracle.OracleKpis oracle(Path work, String... runs) throws Exception {
        Map<FileType, List<Path>> accepted = new java.util.EnumMap<>(FileType.class);
        for (String run : runs) {
            for (FileType type : FileType.values()) {
                for (Path input : processed(run, type)) {
                    Path out = work.resolve(run).resolve(type.folder() + "-" + input.getFileName());
                    writeAccepted(run, type, input, out);
                    accepted.computeIfAbsent(type, t -> new ArrayList<>()).add(out);
                }
            }
        }
        return org.ecomkpi.oracle.DuckDbKpiOracle.compute(accepted.get(FileType.ORDERS),
                accepted.get(FileType.ORDER_ITEMS), accepted.get(FileType.PRODUCTS));
    }

    /**
     * The DuckDB oracle's KPIs over the current versions of every row the given runs accepted, in run order
     * (SPEC 5, "Orders change"), derived from their archives alone: per run its accepted orders and items, and the
     * catalogue as it stood after the run (every accepted product row so far, a later one replacing an earlier
     * one of the same id; within a run, products files by name).
     */
    org.ecomkpi.oracle.OracleKpis oracleOverCurrentVersions(Path work, String... runs) throws Exception {
        Map<String, List<String>> catalogue = new TreeMap<>();
        List<org.ecomkpi.oracle.OracleBatch> batches = new ArrayList<>();
        for (String run : runs) {
            Map<FileType, List<Path>> accepted = new java.util.EnumMap<>(FileType.class);
            for (FileType type : FileType.values()) {
                for (Path input : processed(run, type)) {
                    Path out = work.resolve(run).resolve(type.folder() + "-" + input.getFileName());
                    writeAccepted(run, type, input, out);
                    accepted.computeIfAbsent(type, t -> new ArrayList<>()).add(out);
                }
            }
            for (Path products : accepted.getOrDefault(FileType.PRODUCTS, List.of())) {
                for (Map<String, String> row : rows(products)) {
                    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    row.forEach((k, v) -> byName.put(k.replace("\uFEFF", "").trim(), v));
                    catalogue.put(byName.get("id").trim(), List.of(byName.get("id").trim(), byName.get("category")));
                }
            }
            Path after = work.resolve(run).resolve("catalogue-after.csv");
            try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(after, StandardCharsets.UTF_8),
                    CSVFormat.RFC4180.builder().setHeader("id", "category").get())) {
                for (List<String> product : catalogue.values()) {
                    printer.printRecord(product);
                }
            }
            batches.add(new org.ecomkpi.oracle.OracleBatch(accepted.getOrDefault(FileType.ORDERS, List.of()),
                    accepted.getOrDefault(FileType.ORDER_ITEMS, List.of()), List.of(after)));
        }
        return org.ecomkpi.oracle.DuckDbKpiOracle.computeCurrent(batches);
    }

    /** A store's order table in the oracle's row shape. */
    static List<org.ecomkpi.oracle.OracleOrderDay> asOracle(List<org.ecomkpi.kpi.OrderDayKpi> rows) {
        return rows.stream().map(k -> new org.ecomkpi.oracle.OracleOrderDay(k.orderDate(), k.totalOrders(),
                k.totalRevenue(), k.totalItemsSold(), k.returnRate(), k.uniqueCustomers())).toList();
    }

    /** A store's category table in the oracle's row shape. */
    static List<org.ecomkpi.oracle.OracleCategoryDay> asOracleCategories(List<org.ecomkpi.kpi.CategoryDayKpi> rows) {
        return rows.stream().map(k -> new org.ecomkpi.oracle.OracleCategoryDay(k.category(), k.orderDate(),
                k.dailyRevenue(), k.avgOrderValue(), k.avgReturnRate())).toList();
    }

    /**
     * Writes the rows of {@code input} that are not in its reject archive to {@code out} (same header): the
     * rows the run accepted, as the oracle reads them.
     */
    void writeAccepted(String runId, FileType type, Path input, Path out) throws IOException {
        Set<String> rejectedLines = new HashSet<>();
        Optional<Path> rejects = rejects(runId, type, input);
        if (rejects.isPresent()) {
            for (Map<String, String> r : rows(rejects.get())) {
                rejectedLines.add(r.get("_line"));
            }
        }
        List<SourceRow> rows = sourceRows(input, type);
        Files.createDirectories(out.getParent());
        try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(out, StandardCharsets.UTF_8),
                CSVFormat.RFC4180.builder().setHeader(rows.isEmpty() ? new String[] {"id"}
                        : rows.get(0).header().names().toArray(String[]::new)).get())) {
            for (SourceRow row : rows) {
                if (!rejectedLines.contains(Long.toString(row.line()))) {
                    printer.printRecord(row.cells());
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
