package org.ecomkpi.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A run tried to count a file whose content another run has already counted; nothing was applied. Happens
 * only when two runs hold copies of the same file at once (a run checks {@link KpiStore#isProcessed} before it
 * aggregates): the run should leave those files out and try again.
 */
public class ContentAlreadyProcessedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String runId;
    private final transient List<ProcessedFile> earlier;

    public ContentAlreadyProcessedException(String runId, List<ProcessedFile> earlier) {
        super("run '" + runId + "' was not applied: the content of " + earlier.stream()
                .map(file -> file.fileKey() + " (sha256 " + file.sha256() + ") was already counted by run '"
                        + file.runId() + "'")
                .collect(Collectors.joining("; ")));
        this.runId = runId;
        this.earlier = List.copyOf(earlier);
    }

    public String runId() {
        return runId;
    }

    /** The earlier records of the clashing contents (with the other run's file key and run id). */
    public List<ProcessedFile> earlier() {
        return earlier;
    }
}
