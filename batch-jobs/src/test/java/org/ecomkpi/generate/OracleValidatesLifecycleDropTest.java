package org.ecomkpi.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ecomkpi.oracle.DuckDbKpiOracle;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.oracle.ValidatedKpis;
import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle's SQL statement of SPEC section 3, run over the raw files of a generated lifecycle drop with every
 * kind of bad row, must accept exactly the rows {@link ReferenceRules} accepts and reject as many rows per rule:
 * its KPIs equal the oracle's over the reference accepted rows. This is what lets the benchmark's DuckDB side
 * stand for the pipeline's answer.
 */
class OracleValidatesLifecycleDropTest {
    @TempDir
    Path dir;

    @Test
    void sqlValidationOfRawBatchesAcceptsWhatTheReferenceRulesAccept() throws Exception {
        DropSpec spec = DropSpec.builder(900, 5, 41L).badRowsPerRule(3).build();
        List<DropSummary> batches = new DropGenerator(spec).writeLifecycle(dir.resolve("drop"), 3);
        OracleKpis expected = DuckDbKpiOracle.computeCurrent(
                ReferenceAcceptedRows.write(batches, spec.now(), dir.resolve("accepted")));

        ValidatedKpis validated = DuckDbKpiOracle.validateAndComputeCurrent(
                batches.stream().map(DropSummary::landingData).toList(), spec.now(), 0);

        assertEquals(expected.orderDays(), validated.kpis().orderDays());
        assertEquals(expected.categoryDays(), validated.kpis().categoryDays());
        assertEquals(referenceRejects(batches, spec), rejectsByTypeAndRule(validated));
    }

    private static Map<String, Long> referenceRejects(List<DropSummary> batches, DropSpec spec) throws Exception {
        ReferenceRules rules = new ReferenceRules(spec.now());
        for (DropSummary batch : batches) {
            rules.batch(GeneratedFile.readAll(batch.root()));
        }
        Map<String, Long> rejects = new TreeMap<>();
        for (Defect defect : Defect.values()) {
            for (FileType type : FileType.values()) {
                if (!defect.isWarning() && rules.count(defect, type) > 0) {
                    rejects.put(type.folder() + " " + defect.code(), rules.count(defect, type));
                }
            }
        }
        return rejects;
    }

    private static Map<String, Long> rejectsByTypeAndRule(ValidatedKpis validated) {
        Map<String, Long> rejects = new TreeMap<>();
        validated.validation().rejects().forEach((key, count) ->
                rejects.merge(key.substring(key.indexOf(' ', "batch ".length()) + 1), count, Long::sum));
        return rejects;
    }
}
