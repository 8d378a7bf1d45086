package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The run report page and the KPI page as a browser shows them: a real run over a small drop with hostile names
 * (a category {@code <script>alert(1)</script>}, one {@code =HYPERLINK(...)}, an orders file named like an
 * {@code <img onerror>} with {@code #} and {@code ?}), each page rendered by headless Chromium to a PNG, and its
 * DOM checked against the JSON the same run produced: charts present, every number equal, no console message
 * (a CSP violation, a failed load, a script error), no markup from producer text.
 */
class PagesInChromiumTest {
    private static final String RUN = "r-page";
    private static final String SCRIPT_CATEGORY = "<script>alert(1)</script>";
    private static final String FORMULA_CATEGORY = "=HYPERLINK(\"http://x\",\"y\")";
    private static final String HOSTILE_ORDERS = "orders/<img src=x onerror=alert(1)> #1?.csv";

    @TempDir
    static Path dir;

    static HeadlessChromium chromium;
    static String store;

    @BeforeAll
    static void runADropWithHostileNames() throws Exception {
        chromium = HeadlessChromium.find();
        Path bucket = dir.resolve("bucket");
        store = "h2:" + dir.resolve("store");
        HandBuiltDrop.write(bucket, "products.csv", "id,sku,cost,category,retail_price\n"
                + "p1,S1,2.00,Toys,5.00\n"
                + "p2,S2,3.00,\"Sports, Outdoors\",10.00\n"
                + "p3,S3,1.00," + SCRIPT_CATEGORY + ",3.00\n"
                + "p4,S4,1.00,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",3.00\n"
                + "p5,S5,1.5.0,Toys,3.00\n");
        HandBuiltDrop.write(bucket, HOSTILE_ORDERS, "order_id,user_id,created_at,status\n"
                + "1,u1,2024-03-01T10:00:00,Complete\n"
                + "2,u2,2024-03-02T10:00:00,returned\n"
                + "3,u3,2024-04-15T10:00:00,complete\n"
                + "4,u4,2024-04-16T10:00:00,lost\n");
        HandBuiltDrop.write(bucket, "order_items/items.csv", "id,order_id,product_id,sale_price\n"
                + "10,1,p1,5.00\n11,1,p2,10.50\n12,2,p3,3.25\n13,3,p4,7.00\n14,3,p1,1.25\n"
                + "15,99,p1,1.00\n16,2,p9,2.00\n");
        Cli run = Cli.run("run", "--quiet", "--bucket", bucket.toString(), "--store", store, "--run-id", RUN,
                "--reject-limit", "40%");
        assertEquals(0, run.exitCode(), run.toString());
    }

    @Test
    void theRunReportPageDrawsTheNumbersOfReportJsonWithoutAConsoleMessage() throws Exception {
        Path page = dir.resolve("bucket/runs/" + RUN + "/report.html");
        Map<String, JsonNode> json = JsonNode.parser()
                .parse(Files.readString(dir.resolve("bucket/runs/" + RUN + "/report.json"))).asObject();

        HeadlessChromium.RenderedPage rendered = chromium.render(page, dir);

        assertEquals(List.of(), rendered.console(), "console messages of the report page");
        HeadlessChromium.assertDrawn(rendered.screenshot());
        assertSelfContained(rendered.dom());
        assertEquals(RUN, HeadlessChromium.RenderedPage.text(rendered.element("span", "run-id")));
        assertEquals(json.get("status").asString(), HeadlessChromium.RenderedPage.text(rendered.element("span", "status")));

        // rows per file type: the totals table
        List<Map<String, String>> totals = rendered.rows("totals");
        List<String> types = new ArrayList<>(json.get("totals").asObject().keySet());
        assertEquals(types, totals.stream().map(r -> r.get("file type")).toList());
        for (Map<String, String> row : totals) {
            Map<String, JsonNode> expected = json.get("totals").asObject().get(row.get("file type")).asObject();
            assertNumber(expected.get("rowsRead"), row.get("rows read"));
            assertNumber(expected.get("rowsAccepted"), row.get("accepted"));
            assertNumber(expected.get("rowsRejected"), row.get("rejected"));
            assertNumber(expected.get("rejectRatio"), row.get("reject ratio"));
        }

        // rejected rows per rule (every rule) and file type: the rule's total, and each type's share from its files
        Map<String, Map<String, String>> byRule = rendered.bars("rejects-by-rule");
        assertEquals(new ArrayList<>(json.get("rejectedByRule").asObject().keySet()), new ArrayList<>(byRule.keySet()));
        Map<String, Map<String, Long>> expectedByType = new TreeMap<>();
        for (JsonNode file : json.get("files").asArray()) {
            Map<String, JsonNode> f = file.asObject();
            if (f.containsKey("rejectedByRule")) {
                f.get("rejectedByRule").asObject().forEach((rule, n) -> expectedByType
                        .computeIfAbsent(rule, r -> new TreeMap<>())
                        .merge(f.get("type").asString(), Long.parseLong(n.asNumber()), Long::sum));
            }
        }
        long rejectedRows = 0;
        for (Map.Entry<String, Map<String, String>> bar : byRule.entrySet()) {
            assertEquals(types, new ArrayList<>(bar.getValue().keySet()), bar.getKey());
            long sum = bar.getValue().values().stream().mapToLong(Long::parseLong).sum();
            assertEquals(Long.parseLong(json.get("rejectedByRule").asObject().get(bar.getKey()).asNumber()), sum,
                    bar.getKey());
            for (String type : types) {
                assertEquals(expectedByType.getOrDefault(bar.getKey(), Map.of()).getOrDefault(type, 0L),
                        Long.parseLong(bar.getValue().get(type)), bar.getKey() + " of " + type);
            }
            rejectedRows += sum;
        }
        assertEquals(4, rejectedRows, "the drop's bad cost, status, order and product: " + byRule);

        // rows per file: accepted and rejected of every file read
        Map<String, Map<String, String>> perFile = rendered.bars("rows-per-file");
        Map<String, Map<String, String>> expectedPerFile = new LinkedHashMap<>();
        for (JsonNode file : json.get("files").asArray()) {
            Map<String, JsonNode> f = file.asObject();
            expectedPerFile.put(f.get("file").asString(), Map.of("accepted", f.get("rowsAccepted").asNumber(),
                    "rejected", f.get("rowsRejected").asNumber()));
        }
        assertEquals(expectedPerFile, perFile);
        assertTrue(perFile.containsKey(HOSTILE_ORDERS), perFile.keySet().toString());

        // the KPI dates the run changed, and how many category keys
        Map<String, JsonNode> kpis = json.get("kpiKeysTouched").asObject();
        TreeSet<String> changed = new TreeSet<>();
        kpis.get("orderDates").asArray().forEach(d -> changed.add(d.asString()));
        assertEquals(new TreeSet<>(List.of("2024-03-01", "2024-03-02", "2024-04-15")), changed);
        List<Map<String, String>> days = HeadlessChromium.RenderedPage.startTags(rendered.element("svg", "kpi-dates"),
                "rect", "day");
        assertEquals(changed, new TreeSet<>(days.stream().map(d -> d.get("data-label")).toList()));
        assertEquals(String.valueOf(changed.size()), attribute(rendered, "strong", "order-dates-changed"));
        assertEquals(kpis.get("categoryKeys").asNumber(), attribute(rendered, "strong", "category-keys-changed"));

        // step timings
        Map<String, String> timings = new LinkedHashMap<>();
        rendered.bars("timings").forEach((step, values) -> timings.put(step, values.get("milliseconds")));
        Map<String, String> expectedTimings = new LinkedHashMap<>();
        json.get("timingsMillis").asObject().forEach((step, ms) -> expectedTimings.put(step, ms.asNumber()));
        assertEquals(expectedTimings, timings);
        assertTrue(timings.containsKey("transform.merge"), timings.toString());

        // warnings
        Map<String, String> warnings = new LinkedHashMap<>();
        rendered.rows("warnings").forEach(r -> warnings.put(r.get("warning"), r.get("rows")));
        Map<String, String> expectedWarnings = new LinkedHashMap<>();
        json.get("warnings").asObject().forEach((code, n) -> expectedWarnings.put(code, n.asNumber()));
        assertEquals(expectedWarnings, warnings);

        // links to the reject files, relative to the page, that lead to the archives
        List<Map<String, String>> links = HeadlessChromium.RenderedPage.startTags(rendered.element("table", "files"), "a");
        List<Path> targets = links.stream().map(a -> Path.of(page.toUri().resolve(URI.create(a.get("href"))))).toList();
        assertEquals(List.of(dir.resolve("bucket/invalid-data/" + RUN + "/" + HOSTILE_ORDERS),
                dir.resolve("bucket/invalid-data/" + RUN + "/order_items/items.csv"),
                dir.resolve("bucket/invalid-data/" + RUN + "/products.csv")).stream().sorted().toList(),
                targets.stream().sorted().toList());
        for (Path target : targets) {
            assertTrue(Files.readString(target).startsWith("id,") || Files.readString(target).startsWith("order_id,"),
                    target + " is a reject file");
        }
        for (Map<String, String> a : links) {
            assertFalse(a.get("href").startsWith("/") || a.get("href").contains(":"), "relative: " + a.get("href"));
        }

        // the hostile file name is text
        assertTrue(rendered.dom().contains("orders/&lt;img src=x onerror=alert(1)&gt; #1?.csv"), "escaped file name");
        assertEquals(0, HeadlessChromium.RenderedPage.startTags(rendered.dom(), "img").size(), "no <img> element");
    }

    @Test
    void theKpiPageDrawsRevenuePerDayAndPerCategoryAsTheJsonFormatHasThem() throws Exception {
        Cli html = Cli.run("kpis", "--store", store, "--format", "html");
        assertEquals(0, html.exitCode(), html.toString());
        Path page = Files.writeString(dir.resolve("kpis.html"), html.out(), StandardCharsets.UTF_8);
        List<JsonNode> orders = json("order_kpi_table");
        List<JsonNode> categories = json("category_kpi_table");

        HeadlessChromium.RenderedPage rendered = chromium.render(page, dir);

        assertEquals(List.of(), rendered.console(), "console messages of the KPI page");
        HeadlessChromium.assertDrawn(rendered.screenshot());
        assertSelfContained(rendered.dom());

        // revenue per day: one column per order date, as high as its total_revenue
        Map<String, BigDecimal> perDay = new TreeMap<>();
        HeadlessChromium.RenderedPage.startTags(rendered.element("svg", "revenue-per-day"), "rect", "day")
                .forEach(r -> perDay.put(r.get("data-label"), new BigDecimal(r.get("data-value"))));
        Map<String, BigDecimal> expectedPerDay = new TreeMap<>();
        orders.forEach(o -> expectedPerDay.put(o.asObject().get("order_date").asString(),
                new BigDecimal(o.asObject().get("total_revenue").asNumber())));
        assertEquals(expectedPerDay, perDay);
        assertEquals(List.of("2024-03-01", "2024-03-02", "2024-04-15"), new ArrayList<>(perDay.keySet()));

        // revenue per category: the sum of its daily_revenue, hostile names as they are
        Map<String, BigDecimal> perCategory = new TreeMap<>();
        rendered.bars("revenue-per-category").forEach((c, v) -> perCategory.put(c, new BigDecimal(v.get("revenue"))));
        Map<String, BigDecimal> expectedPerCategory = new TreeMap<>();
        categories.forEach(c -> expectedPerCategory.merge(c.asObject().get("category").asString(),
                new BigDecimal(c.asObject().get("daily_revenue").asNumber()), BigDecimal::add));
        assertEquals(expectedPerCategory, perCategory);
        assertTrue(perCategory.containsKey(SCRIPT_CATEGORY) && perCategory.containsKey(FORMULA_CATEGORY),
                perCategory.keySet().toString());

        // both tables, cell by cell
        assertTableEquals(orders, rendered.rows("order-kpi-table"));
        assertTableEquals(categories, rendered.rows("category-kpi-table"));

        // hostile categories are shown as text, exactly: escaped markup, an un-neutralised formula
        assertTrue(rendered.dom().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped category");
        assertTrue(rendered.rows("category-kpi-table").stream().anyMatch(r -> r.get("category").equals(FORMULA_CATEGORY)),
                "the formula category exactly as the producer wrote it");
    }

    @Test
    void aPageThatReachesForTheNetworkOrRunsAScriptIsCaughtByTheBrowsersLog() throws Exception {
        // the harness's own check: what the pages must not do shows up in what the tests above assert is empty
        Path page = Files.writeString(dir.resolve("broken.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head><body>"
                + "<img src=\"https://cdn.example.com/chart.png\"><script>console.log('hi')</script></body></html>");

        HeadlessChromium.RenderedPage rendered = chromium.render(page, dir);

        String console = String.join("\n", rendered.console());
        assertTrue(rendered.console().stream().anyMatch(l -> l.contains("https://cdn.example.com/chart.png")), console);
        assertTrue(rendered.console().stream().anyMatch(l -> l.contains("inline script")), console);
    }

    private static List<JsonNode> json(String table) {
        Cli kpis = Cli.run("kpis", "--store", store, "--table", table, "--format", "json");
        assertEquals(0, kpis.exitCode(), kpis.toString());
        return JsonNode.parser().parse(kpis.out()).asArray();
    }

    private static void assertTableEquals(List<JsonNode> expected, List<Map<String, String>> rows) {
        assertEquals(expected.size(), rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Map<String, JsonNode> object = expected.get(r).asObject();
            assertEquals(object.keySet(), rows.get(r).keySet());
            for (Map.Entry<String, JsonNode> cell : object.entrySet()) {
                String shown = rows.get(r).get(cell.getKey());
                if (cell.getValue().isNumber()) {
                    assertNumber(cell.getValue(), shown);
                } else {
                    assertEquals(cell.getValue().asString(), shown, cell.getKey());
                }
            }
        }
    }

    /** Exactly the number, scale included: {@code 0.3333}, {@code 25.51}, {@code 3}. */
    private static void assertNumber(JsonNode expected, String shown) {
        assertEquals(expected.asNumber(), shown);
    }

    private static String attribute(HeadlessChromium.RenderedPage rendered, String tag, String id) {
        return HeadlessChromium.RenderedPage.startTags(rendered.element(tag, id), tag).get(0).get("data-value");
    }

    /** No script, no style sheet, image or frame from anywhere, no absolute link: nothing to fetch. */
    private static void assertSelfContained(String dom) {
        assertFalse(dom.contains("<script"), "a <script> element");
        for (String tag : List.of("img", "link", "iframe", "object", "embed", "image", "use")) {
            assertEquals(0, HeadlessChromium.RenderedPage.startTags(dom, tag).size(), "<" + tag + "> element");
        }
        String withoutSvgNamespace = dom.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutSvgNamespace.matches("(?s).*(src|href)=\"(https?:|//).*"), "a network address");
        assertTrue(dom.contains("Content-Security-Policy"), "the page forbids every fetch itself");
    }
}
