package org.ecomkpi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

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
                RunsCommand.class,
                KpisCommand.class, ReportCommand.class, GenerateCommand.class, SelfCheckCommand.class},
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
