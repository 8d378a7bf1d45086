package org.ecomkpi.cli;

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
        subcommands = {RunCommand.class, ValidateCommand.class, TransformCommand.class, ArchiveFailedCommand.class,
                KpisCommand.class, GenerateCommand.class, SelfCheckCommand.class},
        footer = {"", "Exit codes: 0 success, 1 batch rejected, 2 bad usage, 3 infrastructure failure."})
final class PipelineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: use run, validate, transform, archive-failed, kpis, generate or selfcheck");
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
