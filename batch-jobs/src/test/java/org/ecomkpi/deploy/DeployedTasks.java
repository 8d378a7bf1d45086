package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * What ECS would start for each job of a deployed {@link Stack}: the container environment of its task definition
 * (as moto's ECS returns it after CloudFormation created it from {@code cfn/template.yaml}) and the command the state
 * machine gives the task ({@code <job> --run-id <execution name> ...}). Jobs: {@code validate}, {@code transform}
 * and the failure path's {@code archive-failed}, which runs in validate's task definition.
 */
record DeployedTasks(Map<String, Map<String, String>> environments, Map<String, List<String>> commands) {

    /** Reads the stack's task definitions and state machine; {@code runId} stands for the execution name. */
    static DeployedTasks read(Stack stack, String runId) {
        Map<String, Map<String, String>> environments = new HashMap<>();
        Map<String, List<String>> commands = new HashMap<>();
        try (EcsClient ecs = Stack.client(EcsClient.builder()); SfnClient sfn = Stack.client(SfnClient.builder())) {
            JsonNode states = JsonNode.parser().parse(sfn.describeStateMachine(
                    b -> b.stateMachineArn(stack.output("StateMachineArn"))).definition()).field("States").get();
            for (String job : List.of("validate", "transform")) {
                Map<String, String> environment = new HashMap<>();
                for (KeyValuePair pair : ecs.describeTaskDefinition(b -> b.taskDefinition(job + "-task"))
                        .taskDefinition().containerDefinitions().get(0).environment()) {
                    environment.put(pair.name(), pair.value());
                }
                environments.put(job, Map.copyOf(environment));
                String state = job.equals("validate") ? "RunValidationTask" : "RunTransformationTask";
                commands.put(job, arguments(command(states.field(state).get()), runId));
            }
            // the failure path's task: validate's task definition (and environment), the archive command
            JsonNode archive = states.field("ArchiveFailedRun").get();
            String definition = archive.field("Parameters").get().field("TaskDefinition").get().asString();
            assertTrue(definition.contains(":task-definition/validate-task:"), archive.toString());
            environments.put("archive-failed", environments.get("validate"));
            commands.put("archive-failed", arguments(command(archive), runId));
        }
        return new DeployedTasks(Map.copyOf(environments), Map.copyOf(commands));
    }

    Map<String, String> environment(String job) {
        return environments.get(job);
    }

    List<String> command(String job) {
        return commands.get(job);
    }

    /** The bucket the task definitions name ({@code PIPELINE_BUCKET=s3://<bucket>}). */
    String bucket() {
        return environments.get("validate").get("PIPELINE_BUCKET").substring("s3://".length());
    }

    private static String command(JsonNode state) {
        return state.field("Parameters").get().field("Overrides").get().field("ContainerOverrides").get().asArray()
                .get(0).field("Command.$").get().asString();
    }

    /** {@code States.Array('validate', '--run-id', $.run.id, ...)} as the container's argument list. */
    static List<String> arguments(String intrinsic, String runId) {
        Matcher call = Pattern.compile("States\\.Array\\((.*)\\)").matcher(intrinsic);
        assertTrue(call.matches(), intrinsic);
        List<String> arguments = new ArrayList<>();
        Matcher argument = Pattern.compile("\\s*(?:'([^']*)'|(\\$\\.run\\.id))\\s*(?:,|$)").matcher(call.group(1));
        while (argument.find()) {
            arguments.add(argument.group(1) != null ? argument.group(1) : runId);
        }
        return List.copyOf(arguments);
    }
}
