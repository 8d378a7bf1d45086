package org.ecomkpi;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What a user copies names the version the build makes, and every version has its changelog entry. */
class MavenCoordinatesTest {
    private static String projectVersion() {
        String version = System.getProperty("project.version");
        assertNotNull(version, "the build passes the project version to the tests");
        return version;
    }

    @Test
    void theReadmeGivesTheCoordinatesOfThisVersion() throws Exception {
        String readme = Files.readString(Path.of("README.md")); // kpi-lib/README.md: tests run in the module's folder
        String coordinates = "```xml\n<dependency>\n  <groupId>org.ecomkpi</groupId>\n  <artifactId>kpi-lib</artifactId>\n"
                + "  <version>" + projectVersion() + "</version>\n</dependency>\n```\n";

        assertTrue(readme.contains("## Maven coordinates\n\n" + coordinates),
                "kpi-lib/README.md's 'Maven coordinates' must be:\n" + coordinates);
    }

    @Test
    void theChangelogHasAnEntryForThisVersion() throws Exception {
        String changelog = Files.readString(Path.of("CHANGELOG.md"));
        String version = projectVersion();
        String heading = "\n## " + (version.endsWith("-SNAPSHOT") ? "Unreleased" : version + " ");

        assertTrue(changelog.contains(heading), "kpi-lib/CHANGELOG.md needs a heading starting '" + heading.strip()
                + "' (a -SNAPSHOT version goes under 'Unreleased')");
    }
}
