package org.ecomkpi.cli;

import org.ecomkpi.logging.ConsoleLogging;
import org.ecomkpi.run.Progress;

import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --verbose}, mixed into every command. */
final class LogOptions {
    @Option(names = {"-q", "--quiet"}, description = "Only warnings and errors on stderr: no info logs, no progress.")
    boolean quiet;

    @Option(names = "--verbose",
            description = "Show stack traces with errors, and the batch libraries' info logs.")
    boolean verbose;

    /** Applies the options to the process's log. */
    void apply() {
        ConsoleLogging.routeLibraries();
        ConsoleLogging.quiet(quiet);
        ConsoleLogging.verbose(verbose);
        Progress.enabled(!quiet); // also on again for a later command in the same JVM (Main.execute, embedded)
    }
}
