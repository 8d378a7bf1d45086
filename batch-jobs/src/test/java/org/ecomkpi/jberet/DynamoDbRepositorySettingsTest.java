package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.junit.jupiter.api.Test;

class DynamoDbRepositorySettingsTest {

    @Test
    void environmentNamesTableAndSpillLocation() {
        DynamoDbRepositorySettings settings = DynamoDbRepositorySettings.fromEnvironment(Map.of(
                "PIPELINE_JOB_REPOSITORY_TABLE", "repo", "PIPELINE_JOB_REPOSITORY_SPILL", "s3://drops/runs/_job-repository/"));

        assertEquals("repo", settings.table());
        assertEquals("drops", settings.spillBucket());
        assertEquals("runs/_job-repository", settings.spillPrefix());
    }

    @Test
    void tableDefaultsToPipelineJobRepository() {
        DynamoDbRepositorySettings settings = DynamoDbRepositorySettings.fromEnvironment(
                Map.of("PIPELINE_JOB_REPOSITORY_SPILL", "s3://drops"));

        assertEquals("pipeline_job_repository", settings.table());
        assertEquals("", settings.spillPrefix());
    }

    @Test
    void aSpillLocationIsReadByTheBucketsS3ParserAndABadOneRefusedNamingTheVariable() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DynamoDbRepositorySettings.fromEnvironment(Map.of(
                        DynamoDbRepositorySettings.SPILL_VARIABLE, "s3://Drops/runs")));

        assertTrue(bad.getMessage().startsWith("PIPELINE_JOB_REPOSITORY_SPILL is 's3://Drops/runs'"), bad.getMessage());
        assertTrue(bad.getMessage().contains("bucket name 'Drops' has 'D' at position 0"), bad.getMessage());
    }

    @Test
    void leaseSecondsFromTheEnvironmentSetTimeoutAndHeartbeat() {
        DynamoDbRepositorySettings settings = DynamoDbRepositorySettings.fromEnvironment(Map.of(
                DynamoDbRepositorySettings.SPILL_VARIABLE, "s3://drops/p",
                DynamoDbRepositorySettings.LEASE_VARIABLE, "6"));
        assertEquals(Duration.ofSeconds(6), settings.leaseTimeout());
        assertEquals(Duration.ofSeconds(1), settings.heartbeatInterval());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DynamoDbRepositorySettings.fromEnvironment(Map.of(
                        DynamoDbRepositorySettings.SPILL_VARIABLE, "s3://drops/p",
                        DynamoDbRepositorySettings.LEASE_VARIABLE, "soon")));
        assertTrue(bad.getMessage().contains("PIPELINE_JOB_LEASE_SECONDS"), bad.getMessage());
    }

    @Test
    void missingSpillLocationIsNamedInTheError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DynamoDbRepositorySettings.fromEnvironment(Map.of()));

        assertTrue(error.getMessage().contains("PIPELINE_JOB_REPOSITORY_SPILL"), error.getMessage());
    }

    @Test
    void heartbeatSlowerThanHalfTheLeaseTimeoutIsRejected() {
        DynamoDbRepositorySettings settings = DynamoDbRepositorySettings.of("repo", "drops", "");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> settings.withLease(Duration.ofSeconds(20), Duration.ofSeconds(30)));

        assertTrue(error.getMessage().contains("half the lease timeout"), error.getMessage());
    }

    @Test
    void spillThresholdMustLeaveRoomUnderTheItemLimit() {
        DynamoDbRepositorySettings settings = DynamoDbRepositorySettings.of("repo", "drops", "");

        assertThrows(IllegalArgumentException.class, () -> settings.withSpillAbove(400 * 1024));
    }
}
