package org.ecomkpi.run;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

import org.ecomkpi.rules.RuleCode;
import org.ecomkpi.rules.WarningCode;

/** The counts of one input file: rows read, accepted, rejected per rule, and warnings. */
public final class FileTally implements Serializable {
    private static final long serialVersionUID = 1L;

    private long read;
    private long accepted;
    private final EnumMap<RuleCode, Long> rejected = new EnumMap<>(RuleCode.class);
    private final EnumMap<WarningCode, Long> warnings = new EnumMap<>(WarningCode.class);

    public void countRead() {
        read++;
    }

    public void countAccepted() {
        accepted++;
    }

    public void countRejected(RuleCode rule) {
        rejected.merge(rule, 1L, Long::sum);
    }

    public void countWarning(WarningCode warning, long n) {
        if (n > 0) {
            warnings.merge(warning, n, Long::sum);
        }
    }

    /** An accepted row turns out to be a reject after all (a duplicate found across partitions). */
    public void withdrawAccepted(RuleCode rule) {
        accepted--;
        countRejected(rule);
    }

    /** A rejected row is rejected for another rule (an earlier partition had accepted its key). */
    public void reclassify(RuleCode from, RuleCode to) {
        long n = rejected.merge(from, -1L, Long::sum);
        if (n == 0) {
            rejected.remove(from);
        }
        countRejected(to);
    }

    void add(FileTally other) {
        read += other.read;
        accepted += other.accepted;
        other.rejected.forEach((rule, n) -> rejected.merge(rule, n, Long::sum));
        other.warnings.forEach((w, n) -> warnings.merge(w, n, Long::sum));
    }

    public long read() {
        return read;
    }

    public long accepted() {
        return accepted;
    }

    public long rejected() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<RuleCode, Long> rejectedByRule() {
        return Map.copyOf(rejected);
    }

    public Map<WarningCode, Long> warnings() {
        return Map.copyOf(warnings);
    }

    void setRead(long read) {
        this.read = read;
    }

    void setAccepted(long accepted) {
        this.accepted = accepted;
    }

    void setRejected(RuleCode rule, long n) {
        rejected.put(rule, n);
    }

    void setWarning(WarningCode warning, long n) {
        warnings.put(warning, n);
    }

    FileTally copy() {
        FileTally copy = new FileTally();
        copy.read = read;
        copy.accepted = accepted;
        copy.rejected.putAll(rejected);
        copy.warnings.putAll(warnings);
        return copy;
    }
}
