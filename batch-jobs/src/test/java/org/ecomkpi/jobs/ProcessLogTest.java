package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The process's one log, as a container and a person see it: the CLI in a child JVM, with {@code --verbose} where
 * JBeret's and Weld's info lines should show too. With {@code PIPELINE_LOG_FORMAT=json} every log line on stderr is a
 * JSON object naming the run and job (and the step, inside one), whoever wrote it; a restart after a stop warns of
 * nothing. Without it, no line is JSON.
 */
class ProcessLogTest {
    private static final int CHUNK = 50;
    private static final Map<String, String> JSON = Map.of("PIPELINE_LOG_FORMAT", "json");

    @TempDir
    Path dir;

    private PipelineRuns pipeline;

    @BeforeEach
    void landADrop() throws Exception {
        var drop = new DropGenerator(DropSpec.builder(2_000, 4, 17L).build()).write(dir.resolve("drop"));
        pipeline = new PipelineRuns(dir.resolve("pipeline"));
        pipeline.land(drop.landingData());
    }

    @Test
    void withJsonOnEveryLineOfAStoppedAndRestartedRunIsJsonWithItsRunJobAndStepAndTheRestartWarnsOfNothing()
            throws Exception {
        ChildCli.Signalled signalled = ChildCli.runSignalledAfter(JSON, "\"message\":\"checkpoint committed\"", "TERM",
                validate());
        String stoppedOutput = signalled.result().output();
        assertEquals(4, signalled.result().exitCode(), stoppedOutput);
        // the command's own exit message stays a sentence for whoever reads the console; every other line is log
        List<String> notJson = stoppedOutput.lines().filter(l -> !l.startsWith("{")).toList();
        assertEquals(1, notJson.size(), stoppedOutput);
        assertTrue(notJson.get(0).startsWith("error: job validate of run r1 stopped at its last checkpoint"),
                stoppedOutput);
        List<JsonNode> stoppedLog = parseEach(stoppedOutput.lines().filter(l -> l.startsWith("{")).toList());
        assertEveryLineNamesRunAndJob(stoppedLog);
        assertTrue(stoppedLog.stream().anyMatch(l -> text(l, "level").equals("WARN")
                && text(l, "message").startsWith("SIGTERM: stopping the running job")), stoppedOutput);
        assertTrue(stoppedLog.stream().anyMatch(l -> text(l, "message").equals("checkpoint committed")
                && text(l, "step").equals("products")), stoppedOutput);

        ChildCli.Apart restarted = ChildCli.runApart(JSON, validate("--verbose"));

        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertTrue(restarted.out().startsWith("validate r1: VALIDATED (restarted, execution 2)"), restarted.toString());
        List<JsonNode> restartLog = parseEach(restarted.err().lines().toList());
        assertEveryLineNamesRunAndJob(restartLog);
        assertLibrariesLogged(restartLog, restarted.err());
        for (JsonNode line : restartLog) {
            // JBeret logs JBERET000018 at WARN for each step the stopped execution never reached: demoted to DEBUG
            assertEquals("INFO", text(line, "level"), "a normal restart warns of nothing: " + line);
            if (text(line, "logger").startsWith("org.ecomkpi.")) {
                assertTrue(field(line, "step").isPresent(), "our lines in a step name it: " + line);
            }
        }
        JsonNode resumed = restartLog.stream().filter(l -> text(l, "message").equals("resuming from checkpoint"))
                .findFirst().orElseThrow(() -> new AssertionError("no resume line:\n" + restarted.err()));
        assertTrue(field(resumed, "byteOffset").isPresent() && field(resumed, "file").isPresent(),
                "the checkpoint's position is a field of its own: " + resumed);
    }

    @Test
    void withJsonOffNoLineIsJsonAndEachReadsAsASentenceWithItsRunJobAndStep() throws Exception {
        ChildCli.Apart validated = ChildCli.runApart(Map.of(), validate("--verbose"));

        assertEquals(0, validated.exitCode(), validated.toString());
        assertTrue(validated.out().startsWith("validate r1: VALIDATED (started, execution 1)"), validated.toString());
        List<String> lines = validated.err().lines().toList();
        assertFalse(lines.isEmpty(), validated.toString());
        for (String line : lines) {
            assertFalse(line.startsWith("{"), "JSON is off: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO [r1 validate/claim] claimed batch ")
                && l.contains(" files=7")), validated.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO [r1 validate] org.jboss.weld.Version: WELD-000900")),
                "Weld's lines read the same way:\n" + validated.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO [r1 validate] org.jberet: JBERET")),
                "JBeret's lines read the same way:\n" + validated.err());
    }

    private String[] validate(String... more) {
        List<String> args = new ArrayList<>(List.of("validate", "--run-id", "r1", "--bucket",
                pipeline.bucket.toString(), "--store", pipeline.storeSpec(), "--chunk-size", Integer.toString(CHUNK)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static List<JsonNode> parseEach(List<String> lines) {
        assertFalse(lines.isEmpty(), "no log lines");
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            JsonNode node;
            try {
                node = JsonNode.parser().parse(line);
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertTrue(node.isObject(), "not a JSON object: " + line);
            parsed.add(node);
        }
        return parsed;
    }

    private static void assertEveryLineNamesRunAndJob(List<JsonNode> log) {
        for (JsonNode line : log) {
            assertEquals("r1", text(line, "runId"), line.toString());
            assertEquals("validate", text(line, "job"), line.toString());
            assertFalse(text(line, "time").isEmpty(), line.toString());
            assertFalse(text(line, "message").isEmpty(), line.toString());
        }
    }

    private static void assertLibrariesLogged(List<JsonNode> log, String output) {
        assertTrue(log.stream().anyMatch(l -> text(l, "logger").startsWith("org.jberet")
                && text(l, "message").startsWith("JBERET")), "JBeret's lines are in the log:\n" + output);
        assertTrue(log.stream().anyMatch(l -> text(l, "logger").startsWith("org.jboss.weld")
                && text(l, "message").startsWith("WELD")), "Weld's lines are in the log:\n" + output);
        // the stop lands at a checkpoint of products or, when products is done first, of orders: any step will do
        assertTrue(log.stream().anyMatch(l -> text(l, "logger").startsWith("org.ecomkpi.")
                && !text(l, "step").isEmpty()), "lines inside a step name it:\n" + output);
    }

    private static Optional<JsonNode> field(JsonNode line, String name) {
        return line.field(name);
    }

    private static String text(JsonNode line, String name) {
        return line.field(name).map(JsonNode::text).orElse("");
    }
}
