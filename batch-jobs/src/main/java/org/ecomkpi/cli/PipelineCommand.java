package org.ecomkpi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.settings.PipelineSettings;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.store.StoreLocation;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar pipeline.jar <command>}: the top of the command tree, and the composition root of a CLI process.
 * For each command it runs ({@link #execute}) it parses the settings from its environment once
 * ({@link PipelineSettings#parse}), opens the AWS clients over them ({@link AwsClients#openForProcess}), makes both
 * those of the process for the batch artifacts the command launches, hands them to the command
 * ({@link #of(CommandSpec)}), and closes the clients when the command ends.
 */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = PipelineCommand.Version.class,
        description = "E-commerce CSV drops to daily KPIs: validate, transform, query.",
        subcommands = {RunCommand.class, ValidateCommand.class, TransformCommand.class, ArchiveFailedCommand.class,
                RunsCommand.class,
                KpisCommand.class, ReportCommand.class, GenerateCommand.class, SelfCheckCommand.class},
        footer = {"", "Exit codes: 0 success, 1 batch rejected, 2 bad usage, 3 infrastructure failure."})
final class PipelineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private final PipelineSettings.OptionDefaults optionDefaults;
    private PipelineSettings settings;
    private AwsClients clients;

    PipelineCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.optionDefaults = PipelineSettings.OptionDefaults.of(this.environment);
    }

    /** The root of the tree {@code spec} belongs to: where a command finds its settings and clients. */
    static PipelineCommand of(CommandSpec spec) {
        return (PipelineCommand) spec.root().userObject();
    }

    /**
     * The process environment the command line was made with (tests pass their own): only to start other programs
     * with ({@code xdg-open}); settings come from {@link #settings()}.
     */
    Map<String, String> environment() {
        return environment;
    }

    /** The defaults of the options, from the same environment; read while the arguments are parsed. */
    PipelineSettings.OptionDefaults optionDefaults() {
        return optionDefaults;
    }

    /** The settings of the running command. */
    PipelineSettings settings() {
        if (settings == null) {
            throw new IllegalStateException("no command is running: settings are parsed when one runs");
        }
        return settings;
    }

    /** The AWS clients of the running command, built over {@link #settings()}; closed when it ends. */
    AwsClients clients() {
        if (clients == null) {
            throw new IllegalStateException("no command is running: clients are opened when one runs");
        }
        return clients;
    }

    /** Opens the bucket at {@code location} through the command's clients. */
    Bucket bucket(BucketLocation location) {
        return location.open(clients());
    }

    /** Opens the store at {@code location} with the command's clients and settings; the caller closes it. */
    KpiStore store(StoreLocation location) {
        return location.open(clients(), settings().dynamoDbStore());
    }

    /**
     * Runs the parsed command (picocli's execution strategy): help and version need no settings; otherwise a
     * variable that cannot be used ends the command with exit code 2, naming it, before anything is opened.
     */
    int execute(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        List<CommandLine> commands = parsed.asCommandLineList();
        CommandLine command = commands.get(commands.size() - 1);
        try {
            settings = PipelineSettings.parse(environment);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ExecutionException(command, e.getMessage(), new CommandFailure(ExitCode.USAGE,
                    e.getMessage(), "fix that environment variable; batch-jobs/README.md lists them", e));
        }
        PipelineSettings before = PipelineSettings.ofProcess();
        PipelineSettings.useForProcess(settings);
        clients = AwsClients.openForProcess(settings.aws());
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            clients = null;
            PipelineSettings.useForProcess(before);
            AwsClients.closeProcess();
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: use run, validate, transform, archive-failed, runs, kpis, report, generate or selfcheck");
    }

    /**
     * The project version and the commit the build was made from, as the build wrote them into
     * {@code build.properties} ({@code pipeline 0.9.0 (commit 0cdec2a1b2c3)}); "unknown commit" when it was not built
     * from a git checkout, and says so when the classes were compiled without the Maven build at all.
     */
    static final class Version implements IVersionProvider {
        static final String BUILD_INFO = "build.properties";

        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = PipelineCommand.class.getResourceAsStream(BUILD_INFO)) {
                if (in == null) {
                    return new String[] {"pipeline (version unknown: compiled outside the Maven build, which writes "
                            + BUILD_INFO + ")"};
                }
                build.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return new String[] {"pipeline " + build.getProperty("version", "(version unknown)") + " ("
                    + build.getProperty("commit", "unknown commit") + ")"};
        }
    }
}
