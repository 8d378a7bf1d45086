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
 * int exit = Main.commandLine(System.getenv()).execute("kpis", "--table", "order_kpi_table", "--format", "csv");
 * }</pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // the only place the process ends: everything else returns an exit code
        System.exit(execute(args));
    }

    /**
     * Runs one command over this process's environment, then closes the AWS clients it built
     * ({@link AwsClients#ofProcess()}, shared with the jobs it ran): the composition root of a CLI process.
     */
    public static int execute(String... args) {
        try {
            return commandLine(System.getenv()).execute(args);
        } finally {
            AwsClients.closeProcess();
        }
    }

    /**
     * The command tree, reading the defaults of {@code --bucket} and {@code --store} from {@code environment}
     * ({@code PIPELINE_BUCKET}, {@code PIPELINE_STORE}). Set its out and err writers to capture output.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        FailureReport failures = new FailureReport();
        CommandLine pipeline = new CommandLine(new PipelineCommand(environment))
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures)
                .setDefaultValueProvider(new EnvironmentDefaults(environment))
                .setHelpFactory(WholeWordHelp::new);
        // 'pipeline run --version' says the same as 'pipeline --version'
        pipeline.getSubcommands().values()
                .forEach(command -> command.getCommandSpec().versionProvider(new PipelineCommand.Version()));
        return pipeline;
    }
}
