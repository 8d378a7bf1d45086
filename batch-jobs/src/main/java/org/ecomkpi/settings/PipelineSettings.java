package org.ecomkpi.settings;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.ecomkpi.aws.AwsSettings;
import org.ecomkpi.bucket.S3Location;
import org.ecomkpi.logging.JsonLogFormat;
import org.ecomkpi.store.DynamoDbStoreSettings;

/**
 * Everything the pipeline takes from its environment, parsed once, by the composition root ({@code cli.Main}), into
 * immutable values that it passes down: to the AWS clients, the stores, the job repository, the notifier and the
 * jobs' steps. Nothing else in the process reads an environment variable. A variable that cannot be used is refused
 * here, with an {@link IllegalArgumentException} naming it; variables the pipeline does not know are ignored.
 *
 * <pre>{@code
 * PipelineSettings settings = PipelineSettings.parse(Map.of("PIPELINE_ORDER_TABLE", "orders_test",
 *         "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
 * settings.dynamoDbStore().tables().orderKpis();   // "orders_test"
 * }</pre>
 *
 * <p>Batch artifacts, which JBeret creates through CDI, reach the settings of the command that launched them through
 * {@link #ofProcess()}, as they reach its AWS clients through {@code AwsClients.ofProcess()}.
 *
 * @param options            defaults of the command-line options ({@code --bucket}, {@code --store}, ...)
 * @param aws                region, endpoint overrides and credentials of the AWS clients
 * @param dynamoDbStore      the DynamoDB store's table names and whether to create missing tables
 * @param jobRepositoryTable the DynamoDB job repository's table ({@value #JOB_REPOSITORY_TABLE})
 * @param jobRepositorySpill where checkpoints too large for an item go ({@value #JOB_REPOSITORY_SPILL}); empty: the
 *                           run bucket's, when it is on S3
 * @param jobLease           how long an execution's lease lasts unless renewed ({@value #JOB_LEASE_SECONDS}); empty:
 *                           the repository's default, 30 s
 * @param alertTopicArn      the SNS topic failed batches are published to ({@value #ALERT_TOPIC_ARN}); empty: the
 *                           log only
 * @param logFormat          {@value #LOG_FORMAT}, e.g. {@code json}; when set (as in containers) progress lines are
 *                           off
 */
public record PipelineSettings(OptionDefaults options, AwsSettings aws, DynamoDbStoreSettings dynamoDbStore,
                               String jobRepositoryTable, Optional<S3Location> jobRepositorySpill,
                               Optional<Duration> jobLease, Optional<String> alertTopicArn,
                               Optional<String> logFormat) {
    /** The default of {@code --bucket}. */
    public static final String BUCKET = "PIPELINE_BUCKET";
    /** The default of {@code --store}. */
    public static final String STORE = "PIPELINE_STORE";
    /** The default of {@code --settle-seconds}. */
    public static final String SETTLE_SECONDS = "PIPELINE_SETTLE_SECONDS";
    /** The default of {@code --metrics}. */
    public static final String METRICS = "PIPELINE_METRICS";
    /** The job repository's DynamoDB table; {@value #DEFAULT_JOB_REPOSITORY_TABLE} when unset. */
    public static final String JOB_REPOSITORY_TABLE = "PIPELINE_JOB_REPOSITORY_TABLE";
    /** Where checkpoints too large for a DynamoDB item go, as {@code s3://bucket/prefix}. */
    public static final String JOB_REPOSITORY_SPILL = "PIPELINE_JOB_REPOSITORY_SPILL";
    /**
     * Seconds after its last heartbeat that an unfinished execution counts as dead and may be restarted elsewhere
     * (default 30; heartbeats every sixth of it).
     */
    public static final String JOB_LEASE_SECONDS = "PIPELINE_JOB_LEASE_SECONDS";
    /** The SNS topic for failed batches. */
    public static final String ALERT_TOPIC_ARN = "PIPELINE_ALERT_TOPIC_ARN";
    /** {@code json} for JSON log lines (read by {@code logback.xml} too); any value turns progress lines off. */
    public static final String LOG_FORMAT = JsonLogFormat.VARIABLE;
    public static final String DEFAULT_JOB_REPOSITORY_TABLE = "pipeline_job_repository";

    private static PipelineSettings process;

    public PipelineSettings {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(dynamoDbStore, "dynamoDbStore");
        Objects.requireNonNull(jobRepositoryTable, "jobRepositoryTable");
        Objects.requireNonNull(jobRepositorySpill, "jobRepositorySpill");
        Objects.requireNonNull(jobLease, "jobLease");
        Objects.requireNonNull(alertTopicArn, "alertTopicArn");
        Objects.requireNonNull(logFormat, "logFormat");
    }

    /**
     * The defaults of the command-line options, as text: picocli converts them as it converts the options, so a bad
     * one is refused in the option's words ({@code '--store': 'postgres://db' is not a store}).
     *
     * @param bucket        {@value #BUCKET}
     * @param store         {@value #STORE}
     * @param settleSeconds {@value #SETTLE_SECONDS}
     * @param metrics       {@value #METRICS}
     */
    public record OptionDefaults(Optional<String> bucket, Optional<String> store, Optional<String> settleSeconds,
                                 Optional<String> metrics) {
        /** The four variables of {@code environment}, trimmed; blank ones count as unset. This cannot fail. */
        public static OptionDefaults of(Map<String, String> environment) {
            return new OptionDefaults(variable(environment, BUCKET), variable(environment, STORE),
                    variable(environment, SETTLE_SECONDS), variable(environment, METRICS));
        }
    }

    /** What an empty environment gives: every default, the AWS SDK's chains. */
    public static PipelineSettings defaults() {
        return parse(Map.of());
    }

    /**
     * Parses {@code environment} (the process's, or a test's map). Blank variables count as unset.
     *
     * @throws IllegalArgumentException naming the variable that cannot be used and what it should be
     */
    public static PipelineSettings parse(Map<String, String> environment) {
        return new PipelineSettings(OptionDefaults.of(environment), AwsSettings.fromEnvironment(environment),
                DynamoDbStoreSettings.fromEnvironment(environment),
                variable(environment, JOB_REPOSITORY_TABLE).orElse(DEFAULT_JOB_REPOSITORY_TABLE),
                spill(environment), lease(environment), variable(environment, ALERT_TOPIC_ARN),
                variable(environment, LOG_FORMAT));
    }

    /** Whether long reads print progress on stderr: not when {@value #LOG_FORMAT} is set, as in containers. */
    public boolean progressOnStderr() {
        return logFormat.isEmpty();
    }

    /**
     * The settings of the command running in this process ({@link #useForProcess}), else, in a JVM without a
     * composition root (a test running jobs directly), {@link #defaults()}.
     */
    public static synchronized PipelineSettings ofProcess() {
        if (process == null) {
            process = defaults();
        }
        return process;
    }

    /** Makes {@code settings} those of this process: what the composition root does before it runs a command. */
    public static synchronized void useForProcess(PipelineSettings settings) {
        process = Objects.requireNonNull(settings, "settings");
    }

    private static Optional<S3Location> spill(Map<String, String> environment) {
        return variable(environment, JOB_REPOSITORY_SPILL).map(spill -> {
            try {
                // the one parser of S3 locations, the bucket's
                return S3Location.parse(spill);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(JOB_REPOSITORY_SPILL + " is '" + spill + "'; expected "
                        + "s3://bucket/prefix: " + e.getMessage(), e);
            }
        });
    }

    private static Optional<Duration> lease(Map<String, String> environment) {
        return variable(environment, JOB_LEASE_SECONDS).map(lease -> {
            long seconds;
            try {
                seconds = Long.parseLong(lease);
            } catch (NumberFormatException e) {
                seconds = 0;
            }
            if (seconds < 2) {
                throw new IllegalArgumentException(JOB_LEASE_SECONDS + " is '" + lease
                        + "'; expected whole seconds, 2 or more");
            }
            return Duration.ofSeconds(seconds);
        });
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
