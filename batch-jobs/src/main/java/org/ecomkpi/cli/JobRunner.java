package org.ecomkpi.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.S3Location;
import org.ecomkpi.metrics.JobMetrics;
import org.ecomkpi.metrics.Metrics;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.LeaseLostException;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunReport;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.Launch;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.jberet.RunRefusedException;
import org.ecomkpi.jberet.dynamodb.DynamoDbJobRepository;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.ecomkpi.settings.PipelineSettings;
import org.ecomkpi.store.DynamoDbEndpoint;
import org.ecomkpi.store.DynamoDbKpiStore;
import org.ecomkpi.store.H2Database;
import org.ecomkpi.store.StoreException;
import org.jberet.runtime.StepExecutionImpl;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs the pipeline's jobs in this JVM, start-or-restart by run id, on the H2 store whose file also holds the
 * job repository (SPEC section 6). A failed or stopped execution becomes a {@link CommandFailure} naming the
 * step and its error, with the command that restarts it.
 */
final class JobRunner implements AutoCloseable {
    static final String VALIDATE = "validate";
    static final String TRANSFORM = "transform";

    private final JobLauncher launcher;
    private final AwsClients clients;
    private final JobParameters parameters;
    private final String restartCommand;
    private final StopSignals signals;
    private final Metrics metrics;

    private JobRunner(JobLauncher launcher, AwsClients clients, JobParameters parameters, String restartCommand,
                      Metrics metrics) {
        this.launcher = launcher;
        this.clients = clients;
        this.metrics = metrics;
        this.parameters = parameters;
        this.restartCommand = restartCommand;
        this.signals = new StopSignals(launcher::stopRunning);
    }

    /**
     * Opens the job repository in the store, with the settings and AWS clients of the running command ({@code root}'s,
     * which the jobs' steps use too); each job execution's metrics go to {@code metrics}.
     *
     * @param restartCommand the command (without its run id) that restarts a failed run, for the hint
     */
    static JobRunner open(PipelineCommand root, JobParameters parameters, String restartCommand, Metrics metrics) {
        Optional<Path> h2 = parameters.store().h2Database();
        if (h2.isPresent()) {
            try {
                return new JobRunner(JobLauncher.onH2(h2.get()), root.clients(), parameters, restartCommand, metrics);
            } catch (RuntimeException e) {
                if (H2Database.inUseByAnotherProcess(e)) {
                    throw new CommandFailure(ExitCode.INFRASTRUCTURE, new H2Database(h2.get()).inUseMessage(),
                            H2Database.IN_USE_HINT, e);
                }
                throw new CommandFailure(ExitCode.INFRASTRUCTURE, "cannot open the job repository in store "
                        + parameters.store() + ": " + FailureReport.describe(e),
                        "check --store: the folder must be writable", e);
            }
        }
        return onDynamoDb(root.settings(), root.clients(), parameters, restartCommand, metrics);
    }

    /**
     * The job repository of the {@code dynamodb} store: a DynamoDB table, with checkpoints too large for an item
     * spilled to S3 — by default under the run bucket's {@code runs/_job-repository/} when the bucket is on S3. Its
     * clients are the command's, which the jobs' steps use too, and outlive it.
     */
    private static JobRunner onDynamoDb(PipelineSettings pipeline, AwsClients clients, JobParameters parameters,
                                        String restartCommand, Metrics metrics) {
        try {
            Optional<S3Location> runBucketSpill = parameters.bucket().isS3()
                    ? Optional.of(S3Location.parse(parameters.bucket().where(BucketLayout.JOB_REPOSITORY_SPILL)))
                    : Optional.empty();
            DynamoDbRepositorySettings settings = DynamoDbRepositorySettings.from(pipeline, runBucketSpill);
            DynamoDbClient dynamo = clients.dynamoDb();
            // the first call, before anything else is built: an endpoint that cannot be reached is reported within
            // seconds, naming it
            boolean exists = DynamoDbEndpoint.describeTable(dynamo, DynamoDbKpiStore.SPEC, settings.table()).isPresent();
            DynamoDbJobRepository repository = new DynamoDbJobRepository(dynamo,
                    clients.heartbeats(settings.heartbeatInterval()), clients.s3(), settings);
            try {
                if (pipeline.dynamoDbStore().createTables()) {
                    repository.createTableIfMissing();
                } else if (!exists) {
                    throw new CommandFailure(ExitCode.INFRASTRUCTURE, "store " + DynamoDbKpiStore.SPEC + ": the job "
                            + "repository table '" + settings.table() + "' (" + DynamoDbRepositorySettings.TABLE_VARIABLE
                            + ") does not exist at " + DynamoDbEndpoint.describe(dynamo), "on AWS the CloudFormation"
                            + " stack (cfn/template.yaml) creates it; against a local emulator set "
                            + DynamoDbKpiStore.CREATE_TABLES_VARIABLE + "=true to create the tables; or set "
                            + DynamoDbRepositorySettings.TABLE_VARIABLE + " to the table's name");
                }
            } catch (RuntimeException e) {
                repository.close(); // its heartbeats
                throw e;
            }
            return new JobRunner(JobLauncher.on(repository), clients, parameters, restartCommand, metrics);
        } catch (CommandFailure e) {
            throw e;
        } catch (StoreException e) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, e.getMessage(), e.hint().orElse(""), e);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "cannot open the job repository of store "
                    + parameters.store() + ": " + FailureReport.describe(e),
                    "check the AWS credentials and region, " + DynamoDbRepositorySettings.TABLE_VARIABLE + " and "
                            + DynamoDbRepositorySettings.SPILL_VARIABLE + " (s3://bucket/prefix for large checkpoints)",
                    e);
        }
    }

    /** The launcher on the store's job repository, for the {@code runs} commands to read and steer it. */
    JobLauncher launcher() {
        return launcher;
    }

    /** Starts or restarts {@code job} for the run and waits for it; throws when the execution did not complete. */
    LaunchResult launch(String job, String runId) {
        if (signals.received()) {
            throw new CommandFailure(ExitCode.STOPPED, "job " + job + " of run " + runId + " was not started: a stop"
                    + " was asked for", "'" + restartCommand + " --run-id " + runId + "' goes on with the run");
        }
        LaunchResult result;
        try {
            result = launcher.startOrRestart(job, runId, parameters.toProperties());
        } catch (RunRefusedException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage(), "use a new run id; 'pipeline runs show " + runId
                    + "' shows what the run did", e);
        } catch (LeaseLostException e) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "job " + job + " of run " + runId + ": " + e.getMessage(),
                    "the process that took the run over finishes it; if none is running, '" + restartCommand
                            + " --run-id " + runId + "' goes on from the last checkpoint", e);
        }
        publishMetrics(result);
        if (JobEnd.of(result) == JobEnd.STOPPED) {
            throw new CommandFailure(ExitCode.STOPPED, "job " + job + " of run " + runId + " stopped at its last"
                    + " checkpoint (execution " + result.executionId() + ")", "'" + restartCommand + " --run-id " + runId
                    + "' restarts it from there; nothing is lost or counted twice");
        }
        if (JobEnd.of(result) == JobEnd.FAILED) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "job " + job + " of run " + runId + " ended "
                    + result.batchStatus() + " (execution " + result.executionId() + ")"
                    + failedStep(result.executionId()), "once the cause is fixed, '" + restartCommand + " --run-id "
                    + runId + "' restarts it from its last checkpoint");
        }
        return result;
    }

    /** Publishes what the execution did, before its end is reported: a failed job's metrics are not lost. */
    private void publishMetrics(LaunchResult result) {
        if (!metrics.enabled() || result.launch() == Launch.ALREADY_COMPLETED) {
            return; // an execution found completed ran nothing: its numbers were published when it ran
        }
        try {
            RunReport report = DataQualityReport.read(parameters.bucket().open(clients), result.runId());
            JobMetrics.of(result.jobName(), result.executionId(), result.launch() == Launch.RESTARTED,
                    result.batchStatus(), report).forEach(metrics::publish);
        } catch (RuntimeException e) {
            // metrics describe the run; failing to publish them must not fail it
            RunLog.warn(result.runId(), result.jobName(), "-", "metrics not published: "
                    + FailureReport.describe(e), Map.of());
        }
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
        signals.close();
        launcher.close();
    }
}
