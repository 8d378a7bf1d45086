package org.ecomkpi.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.DropRun;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Embedding kpi-lib" sample of kpi-lib/README.md is this source, compiled with the tests, and it runs. */
class EmbeddingExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeShowsExactlyTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/ecomkpi/example/EmbeddingExample.java"));
        String example = source.substring(source.indexOf("// README:start\n") + "// README:start\n".length(),
                source.indexOf("// README:end"));
        String readme = Files.readString(Path.of("README.md")); // kpi-lib/README.md: tests run in the module's folder
        assertTrue(readme.contains("```java\n" + example + "```"),
                "kpi-lib/README.md must show kpi-lib/src/test/java/org/ecomkpi/example/EmbeddingExample.java verbatim");
    }

    @Test
    void theExamplePrintsTheDailyOrderKpisOfADrop() throws Exception {
        DropSummary drop = new DropGenerator(DropSpec.builder(300, 3, 4L).filesPerDrop(1).badRowsPerRule(1).build())
                .write(dir);
        Path landing = drop.landingData();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream rejects = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(rejects, true, StandardCharsets.UTF_8));
            EmbeddingExample.main(new String[] {landing.resolve("products.csv").toString(),
                DropRun.files(landing, org.ecomkpi.row.FileType.ORDERS).get(0).toString(),
                DropRun.files(landing, org.ecomkpi.row.FileType.ORDER_ITEMS).get(0).toString()});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        DropRun reference = DropRun.of(landing, java.time.Instant.now(), false, Optional.empty());
        assertEquals(reference.kpis.orderKpis().size(), lines.size());
        var first = reference.kpis.orderKpis().get(0);
        assertEquals(first.orderDate() + " orders=" + first.totalOrders() + " revenue=" + first.totalRevenue()
                + " items=" + first.totalItemsSold() + " returnRate=" + first.returnRate()
                + " customers=" + first.uniqueCustomers(), lines.get(0));
        assertTrue(rejects.toString(StandardCharsets.UTF_8).contains("DUPLICATE_KEY"), "rejects are reported");
    }
}
