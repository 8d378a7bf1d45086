package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** {@code --help} as a terminal shows it: locations stay whole on one line, so they can be copied. */
class HelpTextTest {

    @Test
    void anS3LocationInAnOptionsDescriptionIsNeverBrokenAcrossLines() {
        Cli help = Cli.run("run", "--help");

        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().lines().anyMatch(l -> l.contains("s3://<bucket>[/<prefix>].")), help.out());
        assertTrue(help.out().lines().anyMatch(l -> l.contains("h2:./.pipeline/store.")), help.out());
    }

    @Test
    void everyLocationInEveryCommandsHelpStaysOnOneLineWithinEightyColumns() {
        CommandLine pipeline = Main.commandLine(Map.of());
        List<String> commands = new ArrayList<>(List.of(""));
        commands.addAll(pipeline.getSubcommands().keySet());
        int locations = 0;
        for (String command : commands) {
            Cli help = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
            assertEquals(0, help.exitCode(), help.toString());
            CommandLine spec = command.isEmpty() ? pipeline : pipeline.getSubcommands().get(command);
            List<String> texts = new ArrayList<>(Arrays.asList(spec.getCommandSpec().usageMessage().description()));
            for (ArgSpec arg : spec.getCommandSpec().args()) {
                texts.addAll(Arrays.asList(arg.description()));
            }
            for (String text : texts) {
                for (String word : text.split("\\s+")) {
                    if (word.contains("://") || word.startsWith("h2:") || word.startsWith("file:")) {
                        String location = word.replaceAll("[.,;)]+$", "");
                        assertTrue(help.out().lines().anyMatch(l -> l.contains(location)),
                                () -> "'" + location + "' broken across lines in '" + command + " --help':\n" + help.out());
                        locations++;
                    }
                }
            }
            for (String line : help.out().lines().toList()) {
                assertTrue(line.length() <= 80, () -> "a line of " + line.length() + " columns: " + line);
            }
        }
        assertTrue(locations >= 10, "locations checked: " + locations);
    }
}
