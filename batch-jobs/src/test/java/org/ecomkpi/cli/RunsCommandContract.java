package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline runs list|show|abandon} as their users run them, over one kind of job repository: the H2 store's
 * or the DynamoDB one ({@code moto_server}). The runs are made by the pipeline's own validate command.
 */
abstract class RunsCommandContract {
    /** Rows per checkpoint in the killed run: many checkpoints in a small drop. */
    private static final String CHUNK = "1";

    @TempDir
    Path dir;

    /** How a command ended: its exit code and what it printed. */
    record Result(int exitCode, String output) {
    }

    /** Writes a landing file into this site's bucket, under {@code landing-data/}. */
    abstract void land(String relative, String content);

    /** Runs the pipeline's command line with this site's bucket and store. */
    abstract Result pipeline(String... args);

    /** Runs it in a child JVM and kills that with SIGKILL once it printed a line containing {@code line}. */
    abstract Result pipelineKilledAfter(String line, String... args);

    /** Returns once an execution of a killed process counts as dead in this site's repository. */
    abstract void waitUntilAKilledProcessIsDead() throws InterruptedException;

    @BeforeEach
    void aDropInTheLandingArea() throws IOException {
        Path drop = dir.resolve("drop");
        HandBuiltDrop.landIn(drop);
        Path landing = drop.resolve("landing-data");
        try (Stream<Path> files = Files.walk(landing)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                land(landing.relativize(file).toString(), Files.readString(file));
            }
        }
    }

    private Result validate(String runId, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("validate", "--quiet", "--run-id", runId,
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT));
        args.addAll(List.of(more));
        return pipeline(args.toArray(String[]::new));
    }

    @Test
    void runsAreListedNewestFirstWithStatusTimesRowsAndRejects() {
        assertEquals(0, validate("r1").exitCode());
        assertEquals(0, validate("r2").exitCode(), "nothing left to process, and still a run");

        Result json = pipeline("runs", "list", "--format", "json");
        Result table = pipeline("runs", "list");

        assertEquals(0, json.exitCode(), json.toString());
        String out = json.output();
        assertTrue(out.contains("\"total\":2"), out);
        int r2 = out.indexOf("\"runId\":\"r2\"");
        int r1 = out.indexOf("\"runId\":\"r1\"");
        assertTrue(r2 >= 0 && r1 > r2, "newest first: " + out);
        assertTrue(out.substring(r1)
                .startsWith("\"runId\":\"r1\",\"job\":\"validate\",\"status\":\"COMPLETED\",\"start\":\"20"),
                out);
        assertTrue(out.substring(r1).contains("\"rows\":16,\"rejects\":1}"), "3 products, 5 orders, 8 items: " + out);
        assertTrue(out.substring(r2, r1).contains("\"rows\":0,\"rejects\":0"), out);
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.output().contains("RUN ID  JOB       STATUS     STARTED"), table.toString());
        assertTrue(table.output().lines().anyMatch(l -> l.startsWith("r1 ") && l.contains(" validate ")
                && l.contains(" COMPLETED ") && l.endsWith("   16        1")), table.toString());
        assertTrue(table.output().contains("page 1 of 1 (2 runs)"), table.toString());
    }

    @Test
    void theListIsPaged() {
        validate("r1");
        validate("r2");
        validate("r3");

        Result second = pipeline("runs", "list", "--page-size", "2", "--page", "2");
        Result first = pipeline("runs", "list", "--page-size", "2");

        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.output().lines().anyMatch(l -> l.startsWith("r1 ")), second.toString());
        assertFalse(second.output().lines().anyMatch(l -> l.startsWith("r3 ") || l.startsWith("r2 ")),
                second.toString());
        assertTrue(second.output().contains("page 2 of 2 (3 runs)"), second.toString());
        assertTrue(first.output().contains("page 1 of 2 (3 runs); --page 2 for older runs"), first.toString());
        assertEquals(2, pipeline("runs", "list", "--page", "0").exitCode());
    }

    @Test
    void aRunIsShownStepByStepWithCountsAndCheckpoints() {
        assertEquals(0, validate("r1").exitCode());

        Result shown = pipeline("runs", "show", "r1");
        Result json = pipeline("runs", "show", "r1", "--format", "json");

        assertEquals(0, shown.exitCode(), shown.toString());
        String out = shown.output();
        assertTrue(out.contains("run r1: validate COMPLETED, started 20"), out);
        assertTrue(out.contains("16 rows, 1 rejects"), out);
        assertTrue(out.contains("validate execution "), out);
        assertTrue(out.contains("STEP  ") && out.contains("CHECKPOINT"), out);
        assertTrue(out.lines().anyMatch(l -> l.trim().startsWith("items ") && l.contains("COMPLETED")
                && l.contains("FileCursor[fileIndex=")), out);
        assertFalse(out.contains("restart:"), "a completed run has nothing to restart: " + out);
        assertTrue(json.output().contains("\"step\":\"items\",\"status\":\"COMPLETED\""), json.toString());
        assertTrue(json.output().contains("\"read\":8,\"write\":7,\"skip\":1,\"commit\":"), json.toString());
        assertTrue(json.output().contains("\"restartCommand\":null"), json.toString());
    }

    @Test
    void anUnknownRunIsABadArgument() {
        Result shown = pipeline("runs", "show", "nope");
        Result abandoned = pipeline("runs", "abandon", "nope");

        assertEquals(2, shown.exitCode(), shown.toString());
        assertTrue(shown.output().contains("the job repository has no run nope"), shown.toString());
        assertEquals(2, abandoned.exitCode(), abandoned.toString());
    }

    @Test
    void aKilledRunShowsItsRestartAndOnceAbandonedIsNeverRestarted() throws InterruptedException {
        pipelineKilledAfter("validate/items] checkpoint committed", "validate", "--run-id", "r1", "--reject-limit",
                HandBuiltDrop.REJECT_LIMIT, "--chunk-size", CHUNK);
        waitUntilAKilledProcessIsDead();

        Result before = pipeline("runs", "show", "r1");
        Result abandoned = pipeline("runs", "abandon", "r1");
        Result after = pipeline("runs", "show", "r1");
        Result restart = validate("r1");
        Result again = pipeline("runs", "abandon", "r1");

        assertTrue(before.output().contains("restart: pipeline validate --run-id r1 --bucket "), before.toString());
        assertTrue(before.output().contains(" --chunk-size 1 --reject-limit 0.2"), before.toString());
        assertTrue(before.output().lines().anyMatch(l -> l.trim().startsWith("items ")
                && l.contains("FileCursor[fileIndex=0, byteOffset=")), before.toString());
        assertEquals(0, abandoned.exitCode(), abandoned.toString());
        assertTrue(abandoned.output().contains("run r1: abandoned validate execution "), abandoned.toString());
        assertTrue(after.output().contains("run r1: validate ABANDONED"), after.toString());
        assertFalse(after.output().contains("restart:"), after.toString());
        assertEquals(2, restart.exitCode(), restart.toString());
        assertTrue(restart.output().contains("job validate of run r1 was abandoned"), restart.toString());
        assertEquals(2, again.exitCode(), again.toString());
        assertTrue(again.output().contains("is ABANDONED"), again.toString());
    }

    @Test
    void aRunThatIsNotRunningIsNotStopped() {
        assertEquals(0, validate("r1").exitCode());

        Result refused = pipeline("runs", "stop", "r1");
        Result unknown = pipeline("runs", "stop", "nope");

        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains("job validate of run r1 is not running: it is COMPLETED"),
                refused.toString());
        assertEquals(2, unknown.exitCode(), unknown.toString());
    }

    @Test
    void aCompletedRunIsNotAbandoned() {
        assertEquals(0, validate("r1").exitCode());

        Result refused = pipeline("runs", "abandon", "r1");

        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains("job validate of run r1 is COMPLETED"), refused.toString());
        assertEquals(0, pipeline("transform", "--quiet", "--run-id", "r1").exitCode(), "the run goes on");
    }
}
