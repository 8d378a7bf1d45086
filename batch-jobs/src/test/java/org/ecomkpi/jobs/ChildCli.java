package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ecomkpi.cli.Main;

/** The pipeline CLI in a child JVM (the test classpath), as a container runs it: arguments and environment. */
public final class ChildCli {
    /** How a child ended, with its stdout and stderr interleaved. */
    public record Result(int exitCode, String output) {
    }

    private ChildCli() {
    }

    private static ProcessBuilder builder(Map<String, String> environment, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs the CLI to its end. */
    public static Result run(Map<String, String> environment, String... args) throws Exception {
        Process child = builder(environment, List.of(args)).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), String.join(" ", args) + " finished");
        return new Result(child.exitValue(), output.get());
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
        Process child = builder(environment, List.of(args)).redirectErrorStream(false).start();
        CompletableFuture<String> out = readAll(child.getInputStream());
        CompletableFuture<String> err = readAll(child.getErrorStream());
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), String.join(" ", args) + " finished");
        return new Apart(child.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> readAll(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Starts the CLI and kills it with SIGKILL as soon as it prints a line containing {@code line}. */
    public static Result runKilledAfter(Map<String, String> environment, String line, String... args) throws Exception {
        Process child = builder(environment, List.of(args)).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                seen.append(l).append('\n');
                if (l.contains(line)) {
                    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
                    break;
                }
            }
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not finished:\n" + seen);
        return new Result(child.exitValue(), seen.toString());
    }

    /** How a child sent a signal ended, and how long it took to end after the signal. */
    public record Signalled(Result result, java.time.Duration toEnd) {
    }

    /**
     * Starts the CLI, sends it {@code signal} (e.g. {@code TERM}) as soon as it prints a line containing {@code line},
     * and waits for it to end.
     */
    public static Signalled runSignalledAfter(Map<String, String> environment, String line, String signal,
                                              String... args) throws Exception {
        Process child = builder(environment, List.of(args)).start();
        StringBuilder seen = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long signalled = 0;
        for (String l = out.readLine(); l != null; l = out.readLine()) {
            seen.append(l).append('\n');
            if (signalled == 0 && l.contains(line)) {
                signal(child, signal);
                signalled = System.nanoTime();
            }
        }
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the signalled child ended:\n" + seen);
        long ended = System.nanoTime();
        assertTrue(signalled != 0, "the child never printed '" + line + "':\n" + seen);
        return new Signalled(new Result(child.exitValue(), seen.toString()), java.time.Duration.ofNanos(ended - signalled));
    }

    /** A child JVM stopped with SIGSTOP: frozen, as a long GC pause or a frozen VM would leave it, until resumed. */
    public static final class Paused {
        private final Process child;
        private final StringBuilder seen;
        private final CompletableFuture<String> rest;

        private Paused(Process child, StringBuilder seen, CompletableFuture<String> rest) {
            this.child = child;
            this.seen = seen;
            this.rest = rest;
        }

        /** Sends SIGCONT and waits for the child to end. */
        public Result resume() throws Exception {
            signal(child, "CONT");
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the resumed child ended:\n" + seen);
            return new Result(child.exitValue(), seen + rest.get(30, TimeUnit.SECONDS));
        }
    }

    /**
     * Starts the CLI and stops it with SIGSTOP as soon as it prints a line containing {@code line}; its output goes on
     * being read, so the resumed child never blocks on a full pipe.
     */
    public static Paused runPausedAfter(Map<String, String> environment, String line, String... args) throws Exception {
        Process child = builder(environment, List.of(args)).start();
        StringBuilder seen = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String l = out.readLine(); ; l = out.readLine()) {
            if (l == null) {
                throw new AssertionError("the child ended before printing '" + line + "':\n" + seen);
            }
            seen.append(l).append('\n');
            if (l.contains(line)) {
                signal(child, "STOP");
                break;
            }
        }
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            StringBuilder after = new StringBuilder();
            try (out) {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    after.append(l).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return after.toString();
        });
        return new Paused(child, seen, rest);
    }

    private static void signal(Process child, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + child.pid());
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
