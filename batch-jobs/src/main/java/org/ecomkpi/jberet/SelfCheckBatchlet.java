package org.ecomkpi.jberet;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The one step of job {@code runtime-selfcheck}: proves that job XML, CDI artifact lookup, context injection and the
 * job repository work in the packaged jar, without touching any data.
 */
@Named("runtimeSelfCheck")
public class SelfCheckBatchlet extends AbstractBatchlet {

    @Inject
    JobContext jobContext;

    @Override
    public String process() {
        // through BatchRuntime, as an artifact would: proves the launcher's repository is the one artifacts see
        String runId = BatchRuntime.getJobOperator().getParameters(jobContext.getExecutionId())
                .getProperty(JobLauncher.RUN_ID);
        jobContext.setExitStatus("SELF-CHECK OK " + runId);
        return BatchStatus.COMPLETED.name();
    }
}
