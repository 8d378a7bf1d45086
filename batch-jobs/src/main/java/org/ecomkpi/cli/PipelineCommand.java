package org.ecomkpi.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar pipeline.jar <command>}: the top of the command tree. */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = PipelineCommand.Version.class,
        description = "E-commerce CSV drops to daily KPIs: validate, transform, query.",
        subcommands = {RunCommand.class, ValidateCommand.class, TransformCommand.class, KpisCommand.class,
                ReportCommand.class, GenerateCommand.class, SelfCheckCommand.class},
        footer = {"", "Exit codes: 0 success, 1 batch rejected, 2 bad usage, 3 infrastructure failure."})
final class PipelineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    PipelineCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The process environment the command line was made with (tests pass their own). */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: use run, validate, transform, kpis, report, generate or selfcheck");
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PipelineCommand.class.getPackage().getImplementationVersion();
            return new String[] {"pipeline " + (version == null ? "(development build)" : version)};
        }
    }
}
