package org.ecomkpi.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.aws.AwsSettings;
import org.ecomkpi.bucket.S3Location;
import org.ecomkpi.store.DynamoDbTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

class PipelineSettingsTest {

    @Test
    void anEmptyEnvironmentGivesEveryDocumentedDefault() {
        PipelineSettings settings = PipelineSettings.parse(Map.of());

        assertEquals(DynamoDbTables.defaults(), settings.dynamoDbStore().tables());
        assertEquals("order_kpi_table", settings.dynamoDbStore().tables().orderKpis());
        assertFalse(settings.dynamoDbStore().createTables());
        assertEquals("pipeline_job_repository", settings.jobRepositoryTable());
        assertEquals(Optional.empty(), settings.jobRepositorySpill());
        assertEquals(Optional.empty(), settings.jobLease());
        assertEquals(Optional.empty(), settings.alertTopicArn());
        assertEquals(Optional.empty(), settings.logFormat());
        assertTrue(settings.progressOnStderr());
        assertEquals(new PipelineSettings.OptionDefaults(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), settings.options());
        assertEquals(AwsSettings.sdkDefaults(), settings.aws());
        assertEquals(settings, PipelineSettings.defaults());
    }

    @Test
    void everyVariableIsReadIntoItsSetting() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PIPELINE_BUCKET", "s3://drops");
        environment.put("PIPELINE_STORE", "dynamodb");
        environment.put("PIPELINE_SETTLE_SECONDS", "60");
        environment.put("PIPELINE_METRICS", "emf");
        environment.put("PIPELINE_ORDER_TABLE", "t_orders");
        environment.put("PIPELINE_CATEGORY_TABLE", "t_categories");
        environment.put("PIPELINE_CONTROL_TABLE", "t_control");
        environment.put("PIPELINE_STATE_TABLE", "t_state");
        environment.put("PIPELINE_CREATE_TABLES", "TRUE");
        environment.put("PIPELINE_JOB_REPOSITORY_TABLE", "t_jobs");
        environment.put("PIPELINE_JOB_REPOSITORY_SPILL", "s3://drops/job-repository/");
        environment.put("PIPELINE_JOB_LEASE_SECONDS", "12");
        environment.put("PIPELINE_ALERT_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:alerts");
        environment.put("PIPELINE_LOG_FORMAT", "json");
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
        environment.put("AWS_ACCESS_KEY_ID", "id");
        environment.put("AWS_SECRET_ACCESS_KEY", "secret");
        environment.put("AWS_SESSION_TOKEN", "token");

        PipelineSettings settings = PipelineSettings.parse(environment);

        assertEquals(new PipelineSettings.OptionDefaults(Optional.of("s3://drops"), Optional.of("dynamodb"),
                Optional.of("60"), Optional.of("emf")), settings.options());
        assertEquals(new DynamoDbTables("t_orders", "t_categories", "t_control", "t_state"),
                settings.dynamoDbStore().tables());
        assertTrue(settings.dynamoDbStore().createTables());
        assertEquals("t_jobs", settings.jobRepositoryTable());
        assertEquals(Optional.of(new S3Location("drops", "job-repository")), settings.jobRepositorySpill());
        assertEquals(Optional.of(Duration.ofSeconds(12)), settings.jobLease());
        assertEquals(Optional.of("arn:aws:sns:eu-west-1:123456789012:alerts"), settings.alertTopicArn());
        assertEquals(Optional.of("json"), settings.logFormat());
        assertFalse(settings.progressOnStderr());
        assertEquals(Optional.of(Region.EU_WEST_1), settings.aws().region());
        URI endpoint = URI.create("http://127.0.0.1:5000");
        assertEquals(Optional.of(endpoint), settings.aws().s3Endpoint());
        assertEquals(Optional.of(endpoint), settings.aws().dynamoDbEndpoint());
        assertEquals(Optional.of(endpoint), settings.aws().snsEndpoint());
        AwsSessionCredentials credentials = (AwsSessionCredentials) settings.aws().credentials().orElseThrow();
        assertEquals("id", credentials.accessKeyId());
        assertEquals("secret", credentials.secretAccessKey());
        assertEquals("token", credentials.sessionToken());
    }

    @Test
    void blankVariablesCountAsUnsetAndValuesAreTrimmed() {
        PipelineSettings settings = PipelineSettings.parse(Map.of("PIPELINE_ORDER_TABLE", "  ",
                "PIPELINE_JOB_REPOSITORY_TABLE", " t_jobs ", "PIPELINE_ALERT_TOPIC_ARN", " ", "PIPELINE_CREATE_TABLES",
                "", "PIPELINE_LOG_FORMAT", " ", "AWS_ENDPOINT_URL", ""));

        assertEquals("order_kpi_table", settings.dynamoDbStore().tables().orderKpis());
        assertEquals("t_jobs", settings.jobRepositoryTable());
        assertEquals(Optional.empty(), settings.alertTopicArn());
        assertFalse(settings.dynamoDbStore().createTables());
        assertTrue(settings.progressOnStderr());
        assertEquals(Optional.empty(), settings.aws().s3Endpoint());
    }

    @Test
    void aServicesOwnEndpointWinsOverTheSharedOne() {
        AwsSettings aws = PipelineSettings.parse(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")).aws();

        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), aws.s3Endpoint());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:5000")), aws.dynamoDbEndpoint());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:5000")), aws.snsEndpoint());
        assertEquals(Optional.empty(), aws.credentials());
    }

    @Test
    void theCredentialsNeverShowInTheSettingsText() {
        PipelineSettings settings = PipelineSettings.parse(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"));

        assertFalse(settings.toString().contains("wJalrXUtnFEMI"), settings.toString());
        assertFalse(settings.toString().contains("AKIDEXAMPLE"), settings.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PIPELINE_ORDER_TABLE          | x                  | 'x' (PIPELINE_ORDER_TABLE) is not a DynamoDB table name",
            "PIPELINE_CREATE_TABLES        | yes                | PIPELINE_CREATE_TABLES is 'yes'; expected true or false",
            "PIPELINE_JOB_REPOSITORY_SPILL | s3://Drops/runs    | PIPELINE_JOB_REPOSITORY_SPILL is 's3://Drops/runs'; expected s3://bucket/prefix",
            "PIPELINE_JOB_REPOSITORY_SPILL | /tmp/spill         | PIPELINE_JOB_REPOSITORY_SPILL is '/tmp/spill'",
            "PIPELINE_JOB_LEASE_SECONDS    | soon               | PIPELINE_JOB_LEASE_SECONDS is 'soon'; expected whole seconds, 2 or more",
            "PIPELINE_JOB_LEASE_SECONDS    | 1                  | PIPELINE_JOB_LEASE_SECONDS is '1'; expected whole seconds, 2 or more",
            "AWS_ENDPOINT_URL              | localhost:5000     | AWS_ENDPOINT_URL is 'localhost:5000'; expected an endpoint URL",
            "AWS_ENDPOINT_URL_DYNAMODB     | ftp://127.0.0.1    | AWS_ENDPOINT_URL_DYNAMODB is 'ftp://127.0.0.1'",
            "AWS_ACCESS_KEY_ID             | AKIDEXAMPLE        | AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            "AWS_SECRET_ACCESS_KEY         | secret             | AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
    })
    void aValueThatCannotBeUsedIsRefusedNamingItsVariable(String variable, String value, String expected) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PipelineSettings.parse(Map.of(variable, value)));

        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertTrue(refused.getMessage().contains(variable), refused.getMessage());
    }

    @Test
    void variablesThePipelineDoesNotKnowAreIgnored() {
        assertEquals(PipelineSettings.defaults(), PipelineSettings.parse(Map.of("PATH", "/usr/bin", "HOME", "/home/x",
                "PIPELINE_SOMETHING_ELSE", "1")));
    }
}
