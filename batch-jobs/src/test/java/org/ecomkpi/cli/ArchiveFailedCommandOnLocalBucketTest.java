package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.store.RunContribution;
import org.junit.jupiter.api.Test;

/** {@code archive-failed} over a local folder with an H2 store, in this JVM. */
class ArchiveFailedCommandOnLocalBucketTest extends ArchiveFailedCommandContract {

    private Path bucket() {
        return dir.resolve("bucket");
    }

    private Map<String, String> environment() {
        return Map.of(EnvironmentDefaults.BUCKET_VARIABLE, bucket().toString(),
                EnvironmentDefaults.STORE_VARIABLE, "h2:" + dir.resolve("store"));
    }

    @Override
    void put(String key, String content) {
        try {
            Path file = bucket().resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    List<String> keys(String prefix) {
        if (!Files.isDirectory(bucket())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(bucket())) {
            return files.filter(Files::isRegularFile).map(f -> bucket().relativize(f).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix) && !key.startsWith(".bucket-claims/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    String read(String key) {
        try {
            return Files.readString(bucket().resolve(key), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Result pipeline(String... args) {
        Cli cli = Cli.runWith(environment(), args);
        return new Result(cli.exitCode(), cli.out() + cli.err());
    }

    @Override
    String where(String key) {
        return bucket().resolve(key).toString();
    }

    @Override
    void applyInStore(String runId) {
        try (KpiStore store = KpiStore.at("h2:" + dir.resolve("store"))) {
            assertTrue(store.applyRun(RunContribution.ofVersions(runId, new VersionBatch())));
        }
    }

    @Test
    void withoutARunIdItIsBadUsage() {
        Result missing = pipeline("archive-failed");
        Result invalid = pipeline("archive-failed", "--run-id", "../r1");

        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.output().contains("Missing required option: '--run-id=ID'"), missing.toString());
        assertEquals(2, invalid.exitCode(), invalid.toString());
        assertTrue(invalid.output().contains("invalid run id '../r1'"), invalid.toString());
    }

    @Test
    void aStoreThatCannotBeOpenedIsAnInfrastructureFailureAndNothingMoves() throws IOException {
        put("runs/r1/input/orders/jour d'été 100%+.csv", "o1");
        // a store file that is not an H2 database
        Files.writeString(dir.resolve("store.mv.db"), "not a database");

        Result failed = pipeline("archive-failed", "--quiet", "--run-id", "r1");

        assertEquals(3, failed.exitCode(), failed.toString());
        assertTrue(failed.output().startsWith("error: store 'h2:"), failed.toString());
        assertEquals(List.of("runs/r1/input/orders/jour d'été 100%+.csv"), keys(""));
    }
}
