package org.ecomkpi.logging;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.MDC;

/**
 * Which run, job and step the current thread works for, as the log's {@code runId}, {@code job} and {@code step}
 * fields (SLF4J's MDC). The MDC is per thread: the launcher sets run and job on the thread that starts a job, the batch
 * environment carries them to the job's thread, and the step listener adds the step there.
 *
 * <pre>{@code
 * try (RunContext.Scope scope = RunContext.enter("r1", "validate")) {
 *     operator.start("validate", parameters); // JBeret's and Weld's lines now say run r1, job validate
 * }
 * }</pre>
 */
public final class RunContext {
    /** The log field of the run id. */
    public static final String RUN_ID = "runId";
    /** The log field of the job name. */
    public static final String JOB = "job";
    /** The log field of the step name. */
    public static final String STEP = "step";

    private RunContext() {
    }

    /** Until closed, this thread's lines carry run {@code runId} and job {@code job}, and no step. */
    public static Scope enter(String runId, String job) {
        return enter(runId, job, null);
    }

    /** Until closed, this thread's lines carry run, job and step ({@code null} leaves a field out). */
    public static Scope enter(String runId, String job, String step) {
        Map<String, String> before = current();
        put(RUN_ID, runId);
        put(JOB, job);
        put(STEP, step);
        return new Scope(before);
    }

    /** This thread's run, job and step, to hand to another thread with {@link #restore}. */
    public static Map<String, String> current() {
        Map<String, String> fields = new HashMap<>();
        for (String key : new String[] {RUN_ID, JOB, STEP}) {
            String value = MDC.get(key);
            if (value != null) {
                fields.put(key, value);
            }
        }
        return fields;
    }

    /** Until closed, this thread's lines carry the run, job and step another thread had ({@link #current}). */
    public static Scope restore(Map<String, String> fields) {
        return enter(fields.get(RUN_ID), fields.get(JOB), fields.get(STEP));
    }

    /** This thread's lines carry step {@code step} (of the run and job set before) until {@link #leaveStep}. */
    public static void enterStep(String step) {
        MDC.put(STEP, step);
    }

    /** This thread's lines carry no step any more. */
    public static void leaveStep() {
        MDC.remove(STEP);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Puts back the run, job and step the thread had before. */
    public static final class Scope implements AutoCloseable {
        private final Map<String, String> before;

        private Scope(Map<String, String> before) {
            this.before = before;
        }

        @Override
        public void close() {
            put(RUN_ID, before.get(RUN_ID));
            put(JOB, before.get(JOB));
            put(STEP, before.get(STEP));
        }
    }
}
