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
import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.Test;

/** The "Embedding kpi-lib" sample of kpi-lib/README.md is this source, compiled with the tests, and it runs. */
class EmbeddingExampleTest {

    @Test
    void theReadmeShowsExactlyTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/ecomkpi/example/EmbeddingExample.java"));
        String example = source.substring(source.indexOf("// README:start\n") + "// README:start\n".length(),
                source.indexOf("// README:end"));
        String readme = Files.readString(Path.of("README.md")); // kpi-lib/README.md: tests run in the module's folder
        assertTrue(readme.contains("```java\n" + example + "```"),
                "kpi-lib/README.md must show kpi-lib/src/test/java/org/ecomkpi/example/EmbeddingExample.java verbatim");
    }

    /**
     * A small drop written by hand (kpi-lib's tests need no generator): three products, five order rows over two
     * dates with a repeated order id, eight item rows with a repeated item id and an item of an unknown order, the
     * timestamp spellings and quirks of real producers (columns reordered, CRLF, {@code UTC} suffix, an order at
     * 23:59:59 whose item is created after midnight and still counts on the order's date).
     */
    @Test
    void theExamplePrintsTheDailyOrderKpisOfADrop() throws Exception {
        Path landing = Path.of(EmbeddingExampleTest.class.getResource("landing-data").toURI());
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream rejects = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(rejects, true, StandardCharsets.UTF_8));
            EmbeddingExample.main(new String[] {landing.resolve("products.csv").toString(),
                DropRun.files(landing, FileType.ORDERS).get(0).toString(),
                DropRun.files(landing, FileType.ORDER_ITEMS).get(0).toString()});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        // 2025-03-30: orders 1, 2 (returned) and 3 of customers u1, u2, u1; items 19.99 + 12.00 + 59.90 + 11.50
        // 2025-03-31: order 4 of u4; items 19.99 + 59.90 (the second row of item 14 is a duplicate)
        assertEquals(List.of(
                "2025-03-30 orders=3 revenue=103.39 items=4 returnRate=0.3333 customers=2",
                "2025-03-31 orders=1 revenue=79.89 items=2 returnRate=0.0000 customers=1"),
                printed.toString(StandardCharsets.UTF_8).lines().toList());
        // the example's reject lines start with the file; other stderr lines (a fuzzing agent's, when the fuzz tests
        // ran in this JVM first) are not the example's
        List<String> rejected = rejects.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith(landing.toString())).toList();
        assertEquals(3, rejected.size(), rejected::toString);
        assertTrue(rejected.get(0).contains("orders-2025-03-31.csv:5 DUPLICATE_KEY: "), rejected.get(0));
        assertTrue(rejected.get(1).contains("order_items-2025-03-31.csv:7 DUPLICATE_KEY: "), rejected.get(1));
        assertTrue(rejected.get(2).contains("order_items-2025-03-31.csv:9 UNKNOWN_ORDER: "), rejected.get(2));

        // the example's few lines and the tests' reference run of the same files agree
        DropRun reference = DropRun.of(landing, java.time.Instant.now(), false, Optional.empty());
        var first = reference.kpis.orderKpis().get(0);
        assertEquals(2, reference.kpis.orderKpis().size());
        assertEquals("2025-03-30 orders=" + first.totalOrders() + " revenue=" + first.totalRevenue() + " items="
                + first.totalItemsSold() + " returnRate=" + first.returnRate() + " customers=" + first.uniqueCustomers(),
                printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
    }
}
