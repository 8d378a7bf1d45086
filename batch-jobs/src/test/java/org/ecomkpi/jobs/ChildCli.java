package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.ecomkpi.cli.Main;
import org.ecomkpi.process.ChildJvm;

/**
 * The pipeline CLI in a child JVM ({@link ChildJvm} on the test classpath), as a container runs it: arguments and
 * environment; run to its end, killed, signalled or frozen after a line it prints.
 */
public final class ChildCli {
    /** How a child ended, with its stdout and stderr interleaved. */
    public record Result(int exitCode, String output) {
    }

    private ChildCli() {
    }

    private static ChildJvm cli(Map<String, String> environment, String... args) {
        // the CLI loads what nearly every child loads (Weld, JBeret, the jobs), and on AWS the SDK too: its classes are
        // the ones to share
        return ChildJvm.main(Main.class, args).environment(environment)
                .archivesClasses(environment.containsKey("AWS_ENDPOINT_URL") ? 2 : 1);
    }

    /** Runs the CLI to its end. */
    public static Result run(Map<String, String> environment, String... args) throws Exception {
        ChildJvm.Result ended = cli(environment, args).run();
        return new Result(ended.exitCode(), ended.output());
    }

    /** How a child ended, with its stdout and stderr kept apart. */
    public record Apart(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** Runs the CLI to its end, keeping what it wrote to stdout and to stderr apart. */
    public static Apart runApart(Map<String, String> environment, String... args) throws Exception {
        ChildJvm.Result ended = cli(environment, args).run();
        return new Apart(ended.exitCode(), ended.out(), ended.err());
    }

    /** Starts the CLI and kills it with SIGKILL as soon as it prints a line containing {@code line}. */
    public static Result runKilledAfter(Map<String, String> environment, String line, String... args) throws Exception {
        return runKilledAfter(environment, List.of(line), args);
    }

    /** {@link #runKilledAfter(Map, String, String...)} once a line containing each of {@code lines} was printed. */
    public static Result runKilledAfter(Map<String, String> environment, List<String> lines, String... args)
            throws Exception {
        try (ChildJvm.Running child = cli(environment, args).start()) {
            child.awaitLines(lines);
            ChildJvm.Result killed = child.kill(); // SIGKILL on Linux: no shutdown hook, no finally block runs
            assertEquals(137, killed.exitCode(), "killed by SIGKILL, not finished:\n" + killed.output());
            return new Result(killed.exitCode(), killed.output());
        }
    }

    /** How a child sent a signal ended. */
    public record Signalled(Result result) {
    }

    /**
     * Starts the CLI, sends it {@code signal} (e.g. {@code TERM}) as soon as it prints a line containing {@code line},
     * and waits for it to end.
     */
    public static Signalled runSignalledAfter(Map<String, String> environment, String line, String signal,
                                              String... args) throws Exception {
        try (ChildJvm.Running child = cli(environment, args).timeout(Duration.ofMinutes(2)).start()) {
            child.awaitLine(line);
            child.signal(signal);
            ChildJvm.Result ended = child.finish();
            return new Signalled(new Result(ended.exitCode(), ended.output()));
        }
    }

    /** A child JVM stopped with SIGSTOP: frozen, as a long GC pause or a frozen VM would leave it, until resumed. */
    public static final class Paused {
        private final ChildJvm.Running child;

        private Paused(ChildJvm.Running child) {
            this.child = child;
        }

        /** Sends SIGCONT and waits for the child to end. */
        public Result resume() throws Exception {
            try (child) {
                child.signal("CONT");
                ChildJvm.Result ended = child.finish();
                return new Result(ended.exitCode(), ended.output());
            }
        }
    }

    /**
     * Starts the CLI and stops it with SIGSTOP as soon as it prints a line containing {@code line}; its output goes on
     * being read, so the resumed child never blocks on a full pipe.
     */
    public static Paused runPausedAfter(Map<String, String> environment, String line, String... args) throws Exception {
        ChildJvm.Running child = cli(environment, args).timeout(Duration.ofMinutes(2)).start();
        try {
            child.awaitLine(line);
            child.signal("STOP");
            return new Paused(child);
        } catch (Exception | AssertionError e) {
            child.close();
            throw e;
        }
    }

    /**
     * The position a restarted step says it resumes from (its "resuming from checkpoint" log line), checked to be
     * past the start of its input: a byte offset inside a file or part, or a later file or part.
     */
    public static void assertResumedPastTheStart(String output, String jobAndStep) {
        String line = output.lines().filter(l -> l.contains(jobAndStep + "] resuming from checkpoint")).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + jobAndStep + "] resuming from checkpoint' in:\n" + output));
        long offset = field(line, "byteOffset");
        long later = Math.max(Math.max(field(line, "part"), field(line, "fileIndex")),
                line.contains("staged=order_items") ? 1 : 0);
        assertTrue(offset > 0 || later > 0, "resumed at the very start: " + line);
    }

    private static long field(String line, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "=(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
