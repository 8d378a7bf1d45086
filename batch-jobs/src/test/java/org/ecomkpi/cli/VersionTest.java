package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** {@code --version} names the project version and the commit the build was made from. */
class VersionTest {

    @Test
    void versionIsTheProjectVersionAndTheCommitOfTheCheckout() throws Exception {
        String projectVersion = System.getProperty("project.version");
        assertNotNull(projectVersion, "the build passes the project version to the tests");

        Cli version = Cli.run("--version");

        assertEquals(0, version.exitCode(), version.toString());
        assertEquals("pipeline " + projectVersion + " (" + BuildCommit.ofThisCheckout() + ")\n", version.out());
    }

    @Test
    void everyCommandAnswersVersionTheSameWay() {
        String top = Cli.run("--version").out();

        for (String command : Main.commandLine(java.util.Map.of()).getSubcommands().keySet()) {
            assertEquals(top, Cli.run(command, "--version").out(), command);
        }
    }
}
