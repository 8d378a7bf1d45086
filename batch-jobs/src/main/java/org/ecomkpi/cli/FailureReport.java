package org.ecomkpi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.ecomkpi.bucket.BucketException;
import org.ecomkpi.logging.Causes;
import org.ecomkpi.store.StoreException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns whatever ends a command early into one line on stderr, {@code error: <what and where> (hint: ...)},
 * and the exit code of SPEC section 7. Stack traces only under {@code --verbose}.
 */
final class FailureReport implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private static final String VERBOSE = "--verbose";

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage() + " (hint: see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        if (Arrays.asList(args).contains(VERBOSE)) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        ExitCode code = ExitCode.INFRASTRUCTURE;
        String message;
        String hint;
        if (e instanceof CommandFailure failure) {
            code = failure.exitCode();
            message = failure.getMessage();
            hint = failure.hint();
        } else if (e instanceof BucketException) {
            message = "bucket: " + describe(e);
            hint = "check --bucket: the folder must exist or be creatable, and be writable";
        } else if (e instanceof StoreException store) {
            // the store's messages name it already ("store 'dynamodb': ..."); one with a hint says all there is to
            // say, and its causes' text (H2's lock message, the SDK's) is for --verbose
            String text = store.hint().isPresent() ? e.getMessage() : describe(e);
            message = text.startsWith("store ") ? text : "store: " + text;
            hint = store.hint().orElse("check --store: an H2 file must be writable; dynamodb needs the AWS region, "
                    + "credentials and tables");
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            message = "I/O: " + describe(e);
            hint = "check the disk and the permissions of the path named";
        } else {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + describe(e);
            hint = "rerun with --verbose for the stack trace";
        }
        PrintWriter err = command.getErr();
        err.println("error: " + message + (hint.isEmpty() ? "" : " (hint: " + hint + ")"));
        if (command.getParseResult().hasMatchedOption(VERBOSE)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code.code();
    }

    /** An exception as text: its message, and its causes' messages when they add something. */
    static String describe(Throwable e) {
        return Causes.describe(e);
    }
}
