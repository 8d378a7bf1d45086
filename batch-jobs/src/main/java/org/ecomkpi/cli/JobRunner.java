package org.ecomkpi.cli;

import java.util.List;
import java.util.Optional;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.runtime.JobLauncher;
import org.ecomkpi.runtime.LaunchResult;
import org.jberet.runtime.StepExecutionImpl;

/**
 * Runs the pipeline's jobs in this JVM, start-or-restart by run id, on the H2 store whose file also holds the
 * job repository (SPEC section 6). A failed or stopped execution becomes a {@link CommandFailure} naming the
 * step and its error, with the command that restarts it.
 */
final class JobRunner implements AutoCloseable {
    static final String VALIDATE = "validate";
    static final String TRANSFORM = "transform";

    private final JobLauncher launcher;
    private final JobParameters parameters;
    private final String restartCommand;

    private JobRunner(JobLauncher launcher, JobParameters parameters, String restartCommand) {
        this.launcher = launcher;
        this.parameters = parameters;
        this.restartCommand = restartCommand;
    }

    /**
     * Opens the job repository in the store's file.
     *
     * @param restartCommand the command (without its run id) that restarts a failed run, for the hint
     */
    static JobRunner open(JobParameters parameters, String restartCommand) {
        try {
            return new JobRunner(JobLauncher.onH2(parameters.store().database()), parameters, restartCommand);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "cannot open the job repository in store "
                    + parameters.store() + ": " + FailureReport.describe(e),
                    "check --store: the folder must be writable", e);
        }
    }

    /** Starts or restarts {@code job} for the run and waits for it; throws when the execution did not complete. */
    LaunchResult launch(String job, String runId) {
        LaunchResult result = launcher.startOrRestart(job, runId, parameters.toProperties());
        if (JobEnd.of(result) == JobEnd.FAILED) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "job " + job + " of run " + runId + " ended "
                    + result.batchStatus() + " (execution " + result.executionId() + ")"
                    + failedStep(result.executionId()), "once the cause is fixed, '" + restartCommand + " --run-id "
                    + runId + "' restarts it from its last checkpoint");
        }
        return result;
    }

    private String failedStep(long executionId) {
        List<StepExecution> steps = launcher.operator().getStepExecutions(executionId);
        Optional<StepExecution> failed = steps.stream()
                .filter(s -> s.getBatchStatus() == BatchStatus.FAILED || s.getBatchStatus() == BatchStatus.STOPPED)
                .reduce((first, second) -> second);
        if (failed.isEmpty()) {
            return "";
        }
        StepExecution step = failed.get();
        String where = " in step '" + step.getStepName() + "'";
        // JBeret keeps the step's exception on the execution it ran in this JVM
        if (step instanceof StepExecutionImpl impl && impl.getException() != null) {
            return where + ": " + FailureReport.describe(impl.getException());
        }
        return where;
    }

    @Override
    public void close() {
        launcher.close();
    }
}
