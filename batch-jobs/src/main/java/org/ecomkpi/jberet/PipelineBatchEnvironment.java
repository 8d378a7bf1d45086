package org.ecomkpi.jberet;

import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.transaction.TransactionManager;

import org.ecomkpi.logging.RunContext;
import org.jberet.repository.JobRepository;
import org.jberet.se.ClassPathJobXmlResolver;
import org.jberet.se.SEArtifactFactory;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobExecutor;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;
import org.jberet.tools.ChainedJobXmlResolver;
import org.jberet.tools.MetaInfBatchJobsJobXmlResolver;
import org.jberet.tx.LocalTransactionManager;

/**
 * JBeret's view of this JVM: the repository we were given, CDI artifacts from the one Weld container, job XML from
 * {@code META-INF/batch-jobs/}. Replaces JBeret SE's {@code BatchSEEnvironment}, which can only read its repository
 * settings from a {@code jberet.properties} fixed on the class path, not from a path chosen at run time.
 */
final class PipelineBatchEnvironment implements BatchEnvironment {

    private final JobRepository repository;
    private final ThreadPoolExecutor threads;
    private final JobExecutor executor;
    private final JobXmlResolver jobXmlResolver;

    PipelineBatchEnvironment(JobRepository repository) {
        this.repository = repository;
        this.threads = (ThreadPoolExecutor) Executors.newCachedThreadPool(new BatchThreads());
        this.executor = new JobExecutor(threads) {
            @Override
            protected int getMaximumPoolSize() {
                return threads.getMaximumPoolSize();
            }
        };
        this.jobXmlResolver = new ChainedJobXmlResolver(
                ServiceLoader.load(JobXmlResolver.class, getClassLoader()),
                new ClassPathJobXmlResolver(), new MetaInfBatchJobsJobXmlResolver());
    }

    @Override
    public ClassLoader getClassLoader() {
        return PipelineBatchEnvironment.class.getClassLoader();
    }

    @Override
    public ArtifactFactory getArtifactFactory() {
        CdiContainer.ensureRunning();
        return new SEArtifactFactory();
    }

    @Override
    public void submitTask(JobTask task) {
        executor.execute(new InRunContext(task, RunContext.current()));
    }

    @Override
    public TransactionManager getTransactionManager() {
        return LocalTransactionManager.getInstance();
    }

    @Override
    public JobRepository getJobRepository() {
        return repository;
    }

    @Override
    public JobXmlResolver getJobXmlResolver() {
        return jobXmlResolver;
    }

    @Override
    public Properties getBatchConfigurationProperties() {
        return new Properties();
    }

    @Override
    public String getApplicationName() {
        return null;
    }

    void shutdown() {
        threads.shutdown();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A job's task on a batch thread, logging with the run id and job of the thread that submitted it (the
     * launcher's, see {@link JobLauncher#startOrRestart}): the MDC is per thread, and a pooled thread must not keep a
     * finished run's.
     */
    private record InRunContext(JobTask task, Map<String, String> context) implements JobTask {
        @Override
        public int getRequiredRemainingPermits() {
            return task.getRequiredRemainingPermits();
        }

        @Override
        public void run() {
            try (RunContext.Scope scope = RunContext.restore(context)) {
                task.run();
            }
        }
    }

    /** Daemon threads: a job left running must not keep a finished CLI alive. */
    private static final class BatchThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
