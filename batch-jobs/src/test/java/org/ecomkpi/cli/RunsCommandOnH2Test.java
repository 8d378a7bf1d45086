package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.ecomkpi.jobs.ChildCli;
import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.Test;

/** {@code runs} on the local store: a bucket folder and the H2 file's JBeret JDBC job repository. */
class RunsCommandOnH2Test extends RunsCommandContract {

    private Map<String, String> environment() {
        return Map.of(EnvironmentDefaults.BUCKET_VARIABLE, dir.resolve("bucket").toString(),
                EnvironmentDefaults.STORE_VARIABLE, "h2:" + dir.resolve("store"));
    }

    @Override
    void land(String relative, String content) {
        Path file = dir.resolve("bucket/landing-data").resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
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
    Result pipelineKilledAfter(String line, String... args) {
        try {
            ChildCli.Result killed = ChildCli.runKilledAfter(environment(), line, args);
            return new Result(killed.exitCode(), killed.output());
        } catch (Exception e) {
            throw new IllegalStateException("cannot run the pipeline in a child JVM", e);
        }
    }

    @Test
    void whileARunHoldsTheH2FileStopSaysToSignalThatProcess() throws Exception {
        Path database = dir.resolve("held-store");
        ChildJvm.Running holder = ChildJvm.main(HoldTheStore.class, database.toString())
                .timeout(Duration.ofSeconds(60)).start();
        try {
            holder.awaitLine("holding");

            Cli stop = Cli.run("runs", "stop", "r1", "--store", "h2:" + database);

            assertEquals(3, stop.exitCode(), stop.toString());
            assertTrue(stop.err().startsWith("error: cannot stop run r1 through store h2:" + database + ": store h2:"
                    + database + " is in use by another process"), stop.toString());
            assertTrue(stop.err().contains("(hint: a run on an H2 store holds it until it ends: press Ctrl-C where it"
                    + " runs, or send its process SIGTERM (kill -TERM <pid>); it stops at its next checkpoint and exits"
                    + " 4)"), stop.toString());
        } finally {
            holder.stdin().close();
            holder.finish(); // the holder let go
        }
    }

    @Override
    void waitUntilAKilledProcessIsDead() {
        // the killed process let go of the H2 file's lock as it died
    }
}
