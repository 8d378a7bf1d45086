package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cfn-lint over the stack. The template has no findings at all: a warning that had to stay would be silenced in the
 * template's {@code Metadata: cfn-lint: config: ignore_checks} with a comment saying why, never here.
 */
class CfnLintTest {
    @TempDir
    Path dir;

    private static Stack.ProcessResult cfnLint(Path template) {
        return Stack.run(List.of("cfn-lint", "--format", "parseable", "--", template.toString()), Map.of());
    }

    @Test
    void theTemplateHasNoCfnLintFindings() {
        Stack.ProcessResult lint = cfnLint(Stack.template());

        assertEquals("", lint.out(), lint.toString());
        assertEquals(0, lint.exitCode(), lint.toString());
    }

    @Test
    void cfnLintReportsAMistakeInACopyOfTheTemplate() throws Exception {
        String template = Files.readString(Stack.template(), StandardCharsets.UTF_8);
        Path broken = dir.resolve("template.yaml");
        Files.writeString(broken, template.replace("VersioningConfiguration:", "Versioning:"),
                StandardCharsets.UTF_8);

        Stack.ProcessResult lint = cfnLint(broken);

        assertNotEquals(0, lint.exitCode(), lint.toString());
        assertTrue(lint.out().contains("Versioning"), lint.toString());
    }
}
