package org.ecomkpi.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.ecomkpi.jobs.ChildCli;

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

    @Override
    void waitUntilAKilledProcessIsDead() {
        // the killed process let go of the H2 file's lock as it died
    }
}
