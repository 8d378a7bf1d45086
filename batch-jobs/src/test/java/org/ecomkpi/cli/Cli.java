package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import picocli.CommandLine;

/** Runs the command line in this JVM, as {@code java -jar pipeline.jar} would, capturing stdout and stderr. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        return runWith(Map.of(), args);
    }

    static Cli runWith(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Cli(exitCode, out.toString(), err.toString());
    }

    /** For assertion messages: everything the command printed. */
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
