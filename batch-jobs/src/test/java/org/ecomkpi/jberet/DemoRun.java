package org.ecomkpi.jberet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

/** The files of one run of job {@code demo-lines} under a folder, and the job parameters that point at them. */
record DemoRun(Path folder, String runId, int lines) {

    static final String JOB = "demo-lines";

    static DemoRun create(Path folder, String runId, int lines) throws IOException {
        DemoRun run = new DemoRun(folder, runId, lines);
        Files.write(run.input(), run.expectedLines(), StandardCharsets.UTF_8);
        return run;
    }

    Path repository() {
        return folder.resolve("store");
    }

    Path input() {
        return folder.resolve(runId + "-input.txt");
    }

    Path output() {
        return folder.resolve(runId + "-output.txt");
    }

    Path progress() {
        return folder.resolve(runId + "-progress.txt");
    }

    /** While this file exists, a run given {@link #gatedAfter} holds its lines after the given one. */
    Path gate() {
        return folder.resolve(runId + "-gate");
    }

    /** {@code parameters} that also hold every line after line {@code item} while {@link #gate()} exists. */
    Properties gatedAfter(int item, Properties parameters) {
        Properties gated = new Properties();
        gated.putAll(parameters);
        gated.setProperty("gate", gate().toString());
        gated.setProperty("gateAfterItem", Integer.toString(item));
        return gated;
    }

    List<String> expectedLines() {
        return IntStream.rangeClosed(1, lines).mapToObj(n -> "line %04d of %s".formatted(n, runId)).toList();
    }

    List<String> writtenLines() throws IOException {
        return Files.exists(output()) ? Files.readAllLines(output(), StandardCharsets.UTF_8) : List.of();
    }

    int committedChunks() throws IOException {
        return Files.exists(progress()) ? Integer.parseInt(Files.readString(progress()).trim()) : 0;
    }

    Properties parameters(int chunkSize, int itemDelayMillis, int failAfterWritingItem) {
        Properties parameters = new Properties();
        parameters.setProperty("input", input().toString());
        parameters.setProperty("output", output().toString());
        parameters.setProperty("progress", progress().toString());
        parameters.setProperty("chunkSize", Integer.toString(chunkSize));
        parameters.setProperty("itemDelayMillis", Integer.toString(itemDelayMillis));
        parameters.setProperty("failAfterWritingItem", Integer.toString(failAfterWritingItem));
        return parameters;
    }
}
