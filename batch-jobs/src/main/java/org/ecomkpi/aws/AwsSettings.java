package org.ecomkpi.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * Where the AWS clients of a process go and as whom, read from the variables the SDK's default chains read: the
 * region ({@value #REGION}), endpoint overrides ({@value #ENDPOINT}, or per service {@value #S3_ENDPOINT},
 * {@value #DYNAMODB_ENDPOINT}, {@value #SNS_ENDPOINT}) and static credentials ({@value #ACCESS_KEY_ID} with
 * {@value #SECRET_ACCESS_KEY}, and {@value #SESSION_TOKEN} when set). What a map leaves unset stays with the SDK's
 * chains (an ECS task's role, {@code ~/.aws/config}, instance metadata). Given the process's environment, the
 * clients go exactly where the SDK alone would send them; given another map (a test's), they go where it says.
 *
 * <pre>{@code
 * AwsSettings aws = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
 * aws.s3Endpoint();   // Optional[http://127.0.0.1:5000]: S3 is then addressed path-style, as emulators need
 * }</pre>
 *
 * @param region            the region of the S3 and DynamoDB clients; empty: the SDK's region chain
 * @param s3Endpoint        the S3 endpoint override; empty: AWS's regional endpoint
 * @param dynamoDbEndpoint  the DynamoDB endpoint override (the job repository's and lease heartbeats' too)
 * @param snsEndpoint       the SNS endpoint override
 * @param credentials       static credentials; empty: the SDK's credentials chain
 */
public record AwsSettings(Optional<Region> region, Optional<URI> s3Endpoint, Optional<URI> dynamoDbEndpoint,
                          Optional<URI> snsEndpoint, Optional<AwsCredentials> credentials) {
    public static final String REGION = "AWS_REGION";
    public static final String ENDPOINT = "AWS_ENDPOINT_URL";
    public static final String S3_ENDPOINT = "AWS_ENDPOINT_URL_S3";
    public static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String SNS_ENDPOINT = "AWS_ENDPOINT_URL_SNS";
    public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

    /** Nothing set: region, endpoints and credentials all from the SDK's default chains. */
    public static AwsSettings sdkDefaults() {
        return new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * The settings {@code environment} gives; blank variables count as unset. A service's own endpoint variable wins
     * over {@value #ENDPOINT}, as in the SDK.
     *
     * @throws IllegalArgumentException naming the variable, for an endpoint that is not an absolute http(s) URL or
     *                                  a key id without its secret (or the other way round)
     */
    public static AwsSettings fromEnvironment(Map<String, String> environment) {
        Optional<URI> shared = endpoint(environment, ENDPOINT);
        Optional<String> keyId = variable(environment, ACCESS_KEY_ID);
        Optional<String> secret = variable(environment, SECRET_ACCESS_KEY);
        if (keyId.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException((keyId.isPresent() ? ACCESS_KEY_ID : SECRET_ACCESS_KEY) + " is set but "
                    + (keyId.isPresent() ? SECRET_ACCESS_KEY : ACCESS_KEY_ID) + " is not: set both, or neither to use"
                    + " the SDK's credentials chain (an ECS task role, ~/.aws)");
        }
        Optional<AwsCredentials> credentials = keyId.map(id -> variable(environment, SESSION_TOKEN)
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(id, secret.orElseThrow(), token))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret.orElseThrow())));
        return new AwsSettings(variable(environment, REGION).map(Region::of),
                endpoint(environment, S3_ENDPOINT).or(() -> shared),
                endpoint(environment, DYNAMODB_ENDPOINT).or(() -> shared),
                endpoint(environment, SNS_ENDPOINT).or(() -> shared),
                credentials);
    }

    private static Optional<URI> endpoint(Map<String, String> environment, String name) {
        return variable(environment, name).map(value -> {
            try {
                URI uri = new URI(value);
                if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    throw new URISyntaxException(value, "not an http(s) URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(name + " is '" + value + "'; expected an endpoint URL such as "
                        + "http://127.0.0.1:5000", e);
            }
        });
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** For logs and messages: where the clients go, never the credentials. */
    @Override
    public String toString() {
        return "AwsSettings[region=" + region.map(Region::id).orElse("(SDK chain)") + ", s3=" + s3Endpoint
                .map(URI::toString).orElse("AWS") + ", dynamodb=" + dynamoDbEndpoint.map(URI::toString).orElse("AWS")
                + ", sns=" + snsEndpoint.map(URI::toString).orElse("AWS") + ", credentials="
                + (credentials.isPresent() ? "static" : "(SDK chain)") + "]";
    }
}
