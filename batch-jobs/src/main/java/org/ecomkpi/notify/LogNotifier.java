package org.ecomkpi.notify;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ecomkpi.run.RunLog;

/** The local notifier: a structured ERROR line that names the run, the reason and the archive. */
public final class LogNotifier implements Notifier {
    @Override
    public void batchFailed(BatchFailure failure) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", failure.reason());
        fields.put("archive", failure.archive());
        fields.put("rejectsByRule", failure.rejectsByRule());
        RunLog.error(failure.runId(), "validate", "alert", "batch failed: " + failure.message(), fields);
    }
}
