package org.ecomkpi.aws;

import org.ecomkpi.cli.Main;

/**
 * Entry point of the child JVM in {@link AwsClientsTest}: runs one CLI command as {@code java -jar pipeline.jar}
 * does ({@link Main#execute} over the process's environment), then prints, as its last line, which AWS clients the
 * process built and how many of them are still open.
 */
final class CliCountingClients {
    static final String PREFIX = "aws clients: ";

    private CliCountingClients() {
    }

    public static void main(String[] args) {
        int exit = Main.execute(System.getenv(), args);
        System.out.println(PREFIX + "exit " + exit + ", built " + AwsClients.builtInProcess() + ", open "
                + AwsClients.openInProcess());
    }
}
