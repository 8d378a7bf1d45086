package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ecomkpi.aws.MotoServer;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code cfn/template.yaml} deployed into the test JVM's {@code moto_server} through CloudFormation, as
 * {@code aws cloudformation deploy} would: parameters in, stack outputs and physical resource ids out. The template's
 * resource names are fixed (one stack per account and region), so {@link #deploy} starts from a blank moto account.
 */
final class Stack {
    static final String NAME = "ecommerce-kpi";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecommerce-kpi-pipeline:test";
    static final String ALERT_EMAIL = "ops@example.com";
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

    final String bucket;
    final Map<String, String> outputs;
    final Map<String, String> physicalIds;
    /** The parameters the stack was created with (the others have their defaults). */
    final Map<String, String> parameters;

    private Stack(String bucket, Map<String, String> outputs, Map<String, String> physicalIds,
            Map<String, String> parameters) {
        this.bucket = bucket;
        this.outputs = outputs;
        this.physicalIds = physicalIds;
        this.parameters = parameters;
    }

    /**
     * The template's values as they are in this stack, with {@code overrides} in place of parameters: Ref gives the
     * parameters, the pseudo parameters and the deployed resources' physical ids.
     */
    TemplateValues values(Map<String, String> overrides) {
        Map<String, String> given = new LinkedHashMap<>(parameters);
        given.putAll(overrides);
        Map<String, String> refs = new LinkedHashMap<>(TemplateValues.parameters(templateJson(), given));
        String stateMachine = output("StateMachineArn"); // arn:aws:states:<region>:<account>:stateMachine:<name>
        refs.put("AWS::Partition", stateMachine.split(":")[1]);
        refs.put("AWS::Region", stateMachine.split(":")[3]);
        refs.put("AWS::AccountId", stateMachine.split(":")[4]);
        refs.put("AWS::StackName", NAME);
        refs.putAll(physicalIds);
        String queueUrl = output("DeadLetterQueueUrl");
        Map<String, String> attributes = Map.of("DeadLetterQueue.QueueName",
                queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
        return new TemplateValues(templateJson(), refs, attributes);
    }

    /** A blank moto account, then the stack with a zero settle wait (tests do not wait a minute). */
    static Stack deploy(String bucket) {
        MotoServer moto = MotoServer.get();
        moto.reset();
        // CloudFormation creates state machines in moto's plain Step Functions backend; see StateMachineInMotoTest
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
        String body;
        try {
            body = Files.readString(template(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + template(), e);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ImageUri", IMAGE);
        parameters.put("BucketName", bucket);
        parameters.put("AlertEmail", ALERT_EMAIL);
        parameters.put("SettleSeconds", "0");
        try (CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            cfn.createStack(b -> b.stackName(NAME).templateBody(body).capabilities(Capability.CAPABILITY_IAM)
                    .parameters(parameters.entrySet().stream().map(p -> parameter(p.getKey(), p.getValue())).toList()));
            long deadline = System.nanoTime() + CREATE_TIMEOUT.toNanos();
            software.amazon.awssdk.services.cloudformation.model.Stack stack;
            do {
                stack = cfn.describeStacks(b -> b.stackName(NAME)).stacks().get(0);
                if (stack.stackStatus() != StackStatus.CREATE_IN_PROGRESS) {
                    break;
                }
                sleep(200);
            } while (System.nanoTime() < deadline);
            assertEquals(StackStatus.CREATE_COMPLETE, stack.stackStatus(), "stack status: " + stack.stackStatusReason());
            Map<String, String> outputs = new LinkedHashMap<>();
            for (Output output : stack.outputs()) {
                outputs.put(output.outputKey(), output.outputValue());
            }
            Map<String, String> ids = new LinkedHashMap<>();
            for (StackResourceSummary resource : cfn.listStackResourcesPaginator(b -> b.stackName(NAME))
                    .stackResourceSummaries()) {
                ids.put(resource.logicalResourceId(), resource.physicalResourceId());
            }
            return new Stack(bucket, Map.copyOf(outputs), Map.copyOf(ids), Map.copyOf(parameters));
        }
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    String output(String key) {
        String value = outputs.get(key);
        if (value == null) {
            fail("the stack has no output " + key + "; it has " + outputs.keySet());
        }
        return value;
    }

    String physicalId(String logicalId) {
        String value = physicalIds.get(logicalId);
        if (value == null) {
            fail("the stack has no resource " + logicalId + "; it has " + physicalIds.keySet());
        }
        return value;
    }

    /** A client of any AWS service, pointed at moto. */
    static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(MotoServer.get().endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).build();
    }

    static S3Client s3() {
        return client(S3Client.builder().forcePathStyle(true));
    }

    /** The repository root: the folder holding {@code cfn/} and {@code docker/}. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("cfn/template.yaml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no cfn/template.yaml in " + dir + " or above");
    }

    static Path template() {
        return root().resolve("cfn/template.yaml");
    }

    /**
     * The template as JSON, decoded by cfn-lint's own YAML reader (it knows the short forms {@code !Ref},
     * {@code !Sub}, ...), for the properties moto's CloudFormation does not apply (versioning, public access block,
     * point-in-time recovery, log retention).
     */
    static synchronized JsonNode templateJson() {
        if (templateJson == null) {
            templateJson = decodeTemplate();
        }
        return templateJson;
    }

    private static JsonNode templateJson;

    private static JsonNode decodeTemplate() {
        ProcessResult decoded = run(List.of("python3", "-c", "import json,sys\n"
                + "from cfnlint.decode import decode\n"
                + "template, problems = decode(sys.argv[1])\n"
                + "if problems: sys.exit('\\n'.join(str(p) for p in problems))\n"
                + "print(json.dumps(template))\n", template().toString()), Map.of());
        assertEquals(0, decoded.exitCode(), "decoding the template with cfn-lint's decoder: " + decoded);
        return JsonNode.parser().parse(decoded.out());
    }

    record ProcessResult(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** Runs a process to its end (2 minutes at most); a missing program fails the test with its name. */
    static ProcessResult run(List<String> command, Map<String, String> environment) {
        return run(command, environment, Duration.ofMinutes(2), "the deployment tests need it on the PATH");
    }

    /**
     * Runs a process to its end, {@code timeout} at most; a missing program fails the test with {@code missing},
     * saying what to install.
     */
    static ProcessResult run(List<String> command, Map<String, String> environment, Duration timeout,
            String missing) {
        try {
            Path out = Files.createTempFile("deploy-test-out", ".txt");
            Path err = Files.createTempFile("deploy-test-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("cannot run '" + command.get(0) + "' (" + e.getMessage() + "): " + missing,
                        e);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end in " + timeout);
            }
            ProcessResult result = new ProcessResult(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
