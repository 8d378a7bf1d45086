package org.ecomkpi.jberet.dynamodb;

import static org.ecomkpi.jberet.dynamodb.ItemAttributes.PERSISTENT_USER_DATA;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.READER_CHECKPOINT;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.WRITER_CHECKPOINT;

import java.io.IOException;
import java.util.Properties;

import jakarta.batch.runtime.JobExecution;

import org.ecomkpi.jberet.CheckpointFilter;
import org.ecomkpi.jberet.JobLauncher;
import org.jberet.runtime.AbstractStepExecution;

/**
 * Refuses checkpoints holding anything but our checkpoint types before JBeret restarts from them: the item or spill
 * object may have been tampered with, and Java serialisation would run a gadget's code while reading it.
 */
final class TrustedCheckpoints {

    private TrustedCheckpoints() {
    }

    /** {@code execution}, once each of its checkpoints reads back through {@link CheckpointFilter}. */
    static <T extends AbstractStepExecution> T verified(T execution, String whose, ClassLoader loader) {
        verify(execution.getPersistentUserDataSerialized(), PERSISTENT_USER_DATA, whose, loader);
        verify(execution.getReaderCheckpointInfoSerialized(), READER_CHECKPOINT, whose, loader);
        verify(execution.getWriterCheckpointInfoSerialized(), WRITER_CHECKPOINT, whose, loader);
        return execution;
    }

    /** How a refusal names an execution: its job, run and id. */
    static String describe(JobExecution execution) {
        Properties parameters = execution.getJobParameters();
        String runId = parameters == null ? "?" : parameters.getProperty(JobLauncher.RUN_ID, "?");
        return "job '" + execution.getJobName() + "' run '" + runId + "' (job execution "
                + execution.getExecutionId() + ")";
    }

    private static void verify(byte[] bytes, String name, String whose, ClassLoader loader) {
        if (bytes == null) {
            return;
        }
        try {
            CheckpointFilter.read(bytes, loader);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new IllegalStateException("the job repository holds a " + name + " of " + whose
                    + " that cannot be trusted: " + e.getMessage(), e);
        }
    }
}
