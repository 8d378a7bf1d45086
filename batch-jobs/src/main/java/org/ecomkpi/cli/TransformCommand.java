package org.ecomkpi.cli;

import picocli.CommandLine.Command;

/** {@code transform --run-id ID}: the second container entrypoint. */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = {"Starts or restarts the transform job of a validated run: aggregates its accepted rows, "
                + "merges them into the KPI tables exactly once, archives the inputs. Exit 1 when the run was "
                + "not validated, 2 when the bucket has no such run."})
final class TransformCommand extends EntrypointCommand {
    @Override
    String job() {
        return JobRunner.TRANSFORM;
    }

    @Override
    boolean needsAnExistingRun() {
        return true;
    }
}
