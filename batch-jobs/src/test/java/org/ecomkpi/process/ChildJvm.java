package org.ecomkpi.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java program in a child JVM: the one way the tests start a second process of ours (the CLI as a container runs
 * it, a store or a bucket opened from another process, the packaged jar). It gives the child this JVM's class path
 * (its folders packed as jars, the classes its siblings loaded shared: {@link SharedClasses}) or a jar, JVM flags,
 * arguments, environment and working folder; captures stdout and stderr (apart, and interleaved line by line as
 * {@link Result#output()}); waits with a deadline that fails naming the command and
 * showing what the child printed; and signals, kills and reaps it. A child still alive when this JVM ends is killed.
 *
 * <pre>{@code
 * ChildJvm.Result result = ChildJvm.main(Main.class, "validate", "--run-id", "r1").environment(env).run();
 * try (ChildJvm.Running child = ChildJvm.main(Main.class, "transform", "--run-id", "r1").start()) {
 *     child.awaitLine("checkpoint committed");
 *     child.kill(); // SIGKILL: no shutdown hook, no finally block runs
 * }
 * }</pre>
 */
public final class ChildJvm {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();
    /**
     * Children on the test classpath compile with C1 only: they live seconds, and C2 spends more CPU compiling than
     * it saves ({@code pipeline runs list} on an H2 store: 2.2-2.5 s of user CPU with both compilers, 1.2-1.4 s with
     * C1 only, on the 2-core CI host).
     * The packaged jar runs with the JVM's defaults, as a user runs it, and so does a {@link #longRunning()} child.
     */
    private static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
                "child-jvm-reaper"));
    }

    private final String name;
    private final List<String> target;
    private final List<String> args;
    private final List<String> jvmFlags;
    private final Map<String, String> environment;
    private final Predicate<String> removedVariables;
    private final Path directory;
    private final Duration timeout;
    /** Whether the child shares its classes with its siblings ({@link SharedClasses}): the test class path's do. */
    private final boolean sharedClasses;
    /** Whether this child may write the shared class archive, and over one of which weight (0: it may not). */
    private final int archivesClasses;

    private ChildJvm(String name, List<String> target, List<String> args, List<String> jvmFlags,
                     Map<String, String> environment, Predicate<String> removedVariables, Path directory,
                     Duration timeout, int archivesClasses) {
        this.name = name;
        this.sharedClasses = target.get(0).equals("-cp");
        this.archivesClasses = archivesClasses;
        this.target = List.copyOf(target);
        this.args = List.copyOf(args);
        this.jvmFlags = List.copyOf(jvmFlags);
        this.environment = Map.copyOf(environment);
        this.removedVariables = removedVariables;
        this.directory = directory;
        this.timeout = timeout;
    }

    /** {@code mainClass} run with {@code args} on this JVM's class path (the test classpath). */
    public static ChildJvm main(Class<?> mainClass, String... args) {
        return new ChildJvm(mainClass.getSimpleName(), List.of("-cp", SharedClasses.get().classPath(),
                mainClass.getName()), List.of(args), SHORT_LIVED, Map.of(), variable -> false, null, DEFAULT_TIMEOUT,
                0);
    }

    /** {@code java -jar jar args}. */
    public static ChildJvm jar(Path jar, String... args) {
        return new ChildJvm(jar.getFileName().toString(), List.of("-jar", jar.toString()), List.of(args), List.of(),
                Map.of(), variable -> false, null, DEFAULT_TIMEOUT, 0);
    }

    /** For a child that computes for long rather than starts and ends: it keeps the JVM's two JIT compilers. */
    public ChildJvm longRunning() {
        List<String> all = new ArrayList<>(jvmFlags);
        all.removeAll(SHORT_LIVED);
        return new ChildJvm(name, target, args, all, environment, removedVariables, directory, timeout,
                archivesClasses);
    }

    /** Adds JVM flags, e.g. {@code -Xmx64m}, put before the class path or jar. */
    public ChildJvm jvmFlags(String... flags) {
        List<String> all = new ArrayList<>(jvmFlags);
        all.addAll(List.of(flags));
        return new ChildJvm(name, target, args, all, environment, removedVariables, directory, timeout,
                archivesClasses);
    }

    /**
     * Lets this child write the archive of the classes its siblings share ({@link SharedClasses}) when none is written
     * yet, or only one by a child of less {@code weight}: a child that loads what most others load (the CLI running a
     * job: Weld, JBeret, the jobs; on AWS also the SDK) spares the children after it the most.
     */
    public ChildJvm archivesClasses(int weight) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight " + weight + "; expected 1 or more");
        }
        return new ChildJvm(name, target, args, jvmFlags, environment, removedVariables, directory, timeout, weight);
    }

    /** Sets these variables in the child's environment, over the ones it inherits from this JVM. */
    public ChildJvm environment(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(variables);
        return new ChildJvm(name, target, args, jvmFlags, all, removedVariables, directory, timeout, archivesClasses);
    }

    /** Drops the inherited variables whose names match (the ones set by {@link #environment(Map)} stay). */
    public ChildJvm withoutInherited(Predicate<String> variableNames) {
        return new ChildJvm(name, target, args, jvmFlags, environment, removedVariables.or(variableNames), directory,
                timeout, archivesClasses);
    }

    /** The child's working folder (by default this JVM's). */
    public ChildJvm directory(Path folder) {
        return new ChildJvm(name, target, args, jvmFlags, environment, removedVariables, folder, timeout,
                archivesClasses);
    }

    /** How long {@link Running#finish()} and {@link Running#awaitLine(String)} wait (3 minutes by default). */
    public ChildJvm timeout(Duration limit) {
        return new ChildJvm(name, target, args, jvmFlags, environment, removedVariables, directory, limit,
                archivesClasses);
    }

    /** Runs the child to its end; fails if it does not end within the timeout. */
    public Result run() throws IOException, InterruptedException {
        try (Running child = start()) {
            return child.finish();
        }
    }

    /** Starts the child; close the handle to make sure it is gone. */
    public Running start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(JAVA.toString());
        command.addAll(jvmFlags);
        SharedClasses.Use shared = sharedClasses ? SharedClasses.get().use(archivesClasses)
                : new SharedClasses.Use(List.of(), java.util.Optional.empty());
        command.addAll(shared.flags());
        command.addAll(target);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(removedVariables);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            shared.dump().ifPresent(SharedClasses.get()::ended);
            throw e;
        }
        // the archive is whole once the dumping JVM has exited
        shared.dump().ifPresent(dump -> process.onExit().thenRun(() -> SharedClasses.get().ended(dump)));
        return new Running(process, toString(), timeout);
    }

    @Override
    public String toString() {
        return "java " + name + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }

    /** How a child ended: its exit code, stdout, stderr, and both interleaved line by line. */
    public record Result(int exitCode, String out, String err, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** A started child. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final String command;
        private final Duration timeout;
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder err = new StringBuilder();
        private final StringBuilder output = new StringBuilder();
        private final List<String> lines = new ArrayList<>();
        private final List<Thread> pumps = new ArrayList<>();
        private int scanned;
        private int pumpsEnded;

        private Running(Process process, String command, Duration timeout) {
            this.process = process;
            this.command = command;
            this.timeout = timeout;
            ALIVE.add(process);
            pumps.add(pump(process.getInputStream(), out, "stdout"));
            pumps.add(pump(process.getErrorStream(), err, "stderr"));
        }

        private Thread pump(InputStream stream, StringBuilder own, String which) {
            Thread thread = new Thread(() -> {
                try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                    StringBuilder line = new StringBuilder();
                    char[] buffer = new char[8192];
                    for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                        for (int i = 0; i < n; i++) {
                            line.append(buffer[i]);
                            if (buffer[i] == '\n') {
                                printed(own, line);
                                line.setLength(0);
                            }
                        }
                    }
                    if (line.length() > 0) {
                        printed(own, line);
                    }
                } catch (IOException e) {
                    printed(own, "(" + which + " unreadable: " + e.getMessage() + ")\n");
                } finally {
                    pumpEnded();
                }
            }, "child-jvm-" + process.pid() + "-" + which);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        private synchronized void printed(StringBuilder own, CharSequence line) {
            own.append(line);
            output.append(line);
            lines.add(line.toString());
            notifyAll();
        }

        private synchronized void pumpEnded() {
            pumpsEnded++;
            notifyAll();
        }

        private boolean pumpsDone() {
            return pumpsEnded == 2;
        }

        /** The child's process id. */
        public long pid() {
            return process.pid();
        }

        /** Whether the child is still running. */
        public boolean isAlive() {
            return process.isAlive();
        }

        /** The child's stdin. */
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        /** Everything the child printed so far, stdout and stderr interleaved line by line. */
        public synchronized String outputSoFar() {
            return output.toString();
        }

        /**
         * Waits for the next line (after the one this last returned) that contains {@code text}, on stdout or stderr,
         * and returns it (without its line end); fails if the child ends first or prints none within the timeout.
         */
        /** Waits until the child has printed a line containing each of {@code texts}, in any order. */
        public synchronized void awaitLines(java.util.Collection<String> texts) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Set<String> missing = new java.util.LinkedHashSet<>(texts);
            while (true) {
                while (scanned < lines.size()) {
                    String line = lines.get(scanned++);
                    missing.removeIf(line::contains);
                }
                if (missing.isEmpty()) {
                    return;
                }
                if (pumpsDone()) {
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(command + " ended (" + exitText() + ") before printing " + missing
                            + ":\n" + output);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " printed no " + missing + " within " + timeout
                            + "; killed it. Its output:\n" + output);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }

        public synchronized String awaitLine(String text) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                while (scanned < lines.size()) {
                    String line = lines.get(scanned++);
                    if (line.contains(text)) {
                        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
                    }
                }
                if (pumpsDone()) {
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(command + " ended (" + exitText() + ") before printing '" + text
                            + "':\n" + output);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " printed no '" + text + "' within " + timeout
                            + "; killed it. Its output:\n" + output);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }

        private String exitText() {
            return process.isAlive() ? "still alive" : "exit " + process.exitValue();
        }

        /** Sends a signal by name ({@code TERM}, {@code STOP}, {@code CONT}, ...) with {@code kill}. */
        public void signal(String signal) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " (" + command + ") failed");
            }
        }

        /** SIGKILL (on Linux): no shutdown hook, no finally block of the child runs. Waits for it to be gone. */
        public Result kill() throws InterruptedException {
            process.destroyForcibly();
            return finish();
        }

        /** Waits for the child to end and for its output to be read; fails (and kills it) after the timeout. */
        public Result finish() throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not end within " + timeout + "; killed it. Its output:\n"
                        + outputSoFar());
            }
            ALIVE.remove(process);
            for (Thread pump : pumps) {
                // a grandchild that inherited the pipes could hold them open; the output so far is what counts
                pump.join(TimeUnit.SECONDS.toMillis(30));
            }
            synchronized (this) {
                return new Result(process.exitValue(), out.toString(), err.toString(), output.toString());
            }
        }

        /** Kills the child if it is still alive. */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            ALIVE.remove(process);
        }
    }
}
