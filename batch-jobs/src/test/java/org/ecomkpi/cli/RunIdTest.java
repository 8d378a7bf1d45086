package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.ecomkpi.bucket.BucketLayout;
import org.junit.jupiter.api.Test;

import picocli.CommandLine.TypeConversionException;

class RunIdTest {

    @Test
    void aMadeUpRunIdIsAValidRunIdThatSortsByTheSecondItWasMade() {
        String early = RunId.generate(Clock.fixed(Instant.parse("2026-11-26T07:01:02Z"), ZoneOffset.UTC));
        String later = RunId.generate(Clock.fixed(Instant.parse("2026-11-26T07:01:03Z"), ZoneOffset.UTC));

        assertTrue(early.matches("run-20261126T070102Z-[0-9a-f]{4}"), early);
        assertEquals(early, BucketLayout.requireRunId(early));
        assertEquals(early, new RunId.Converter().convert(early));
        assertTrue(early.compareTo(later) < 0, early + " sorts before " + later);
    }

    @Test
    void aGivenRunIdThatWouldTakeTheJobRepositorysFolderIsRefusedSayingWhy() {
        String reserved = BucketLayout.JOB_REPOSITORY_SPILL.substring(BucketLayout.RUNS.length());

        TypeConversionException refused = assertThrows(TypeConversionException.class,
                () -> new RunId.Converter().convert(reserved));

        assertEquals("invalid run id '_job-repository': it starts with '_', which is reserved for the pipeline's own "
                + "folders under runs/ (such as runs/_job-repository/)", refused.getMessage());
    }
}
