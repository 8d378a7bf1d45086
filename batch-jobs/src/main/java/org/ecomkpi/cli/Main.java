package org.ecomkpi.cli;

import java.util.Map;

import org.ecomkpi.aws.AwsClients;

import picocli.CommandLine;

/**
 * Entry point of {@code pipeline.jar} (SPEC section 7): {@code run}, {@code validate}, {@code transform},
 * {@code archive-failed}, {@code runs}, {@code kpis}, {@code report}, {@code generate}, {@code selfcheck}. Exit
 * codes: 0 success, 1 batch rejected, 2 bad usage, 3 infrastructure failure, 4 stopped (restartable).
 *
 * <pre>{@code
 * int exit = Main.commandLine(Map.of("PIPELINE_STORE", "h2:/tmp/store"))
 *         .execute("kpis", "--table", "order_kpi_table", "--format", "csv");
 * }</pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // the only place the process ends, and the only place its environment is read: everything else returns an
        // exit code, and takes its settings from the ones parsed from this map
        System.exit(execute(System.getenv(), args));
    }

    /**
     * Runs one command over {@code environment} (the process's, in {@code main}): its settings are parsed from it,
     * the AWS clients built over them and shared with the jobs the command runs, and closed when it ends
     * ({@link AwsClients#openForProcess}).
     */
    public static int execute(Map<String, String> environment, String... args) {
        return commandLine(environment).execute(args);
    }

    /**
     * The command tree over {@code environment}: the defaults of {@code --bucket}, {@code --store},
     * {@code --settle-seconds} and {@code --metrics} ({@code PIPELINE_BUCKET}, ...), and every other setting
     * ({@link org.ecomkpi.settings.PipelineSettings}) come from it, never from the process's environment. Set its out
     * and err writers to capture output.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        FailureReport failures = new FailureReport();
        PipelineCommand root = new PipelineCommand(environment);
        CommandLine pipeline = new CommandLine(root)
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures)
                .setDefaultValueProvider(new EnvironmentDefaults(root.optionDefaults()))
                .setExecutionStrategy(root::execute)
                .setHelpFactory(WholeWordHelp::new);
        // 'pipeline run --version' says the same as 'pipeline --version'
        pipeline.getSubcommands().values()
                .forEach(command -> command.getCommandSpec().versionProvider(new PipelineCommand.Version()));
        return pipeline;
    }
}
