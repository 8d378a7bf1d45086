package org.ecomkpi.generate;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.row.FileType;

/** A generated file read back with Commons CSV (independent of kpi-lib's reader), with its raw traits. */
record GeneratedFile(Path path, FileType type, boolean bom, boolean crlf, List<String> header,
        List<Map<String, String>> rows) {

    /** Values by lower-case trimmed header name; a column the file lacks reads as empty. */
    static String value(Map<String, String> row, String column) {
        return row.getOrDefault(column, "");
    }

    /** Every file under {@code root/landing-data}: products first, then orders, then items, by name. */
    static List<GeneratedFile> readAll(Path root) throws IOException {
        Path landing = root.resolve("landing-data");
        List<GeneratedFile> files = new ArrayList<>();
        if (Files.exists(landing.resolve("products.csv"))) {
            files.add(read(landing.resolve("products.csv"), FileType.PRODUCTS));
        }
        for (FileType type : List.of(FileType.ORDERS, FileType.ORDER_ITEMS)) {
            Path folder = landing.resolve(type.folder());
            if (Files.isDirectory(folder)) {
                try (Stream<Path> listing = Files.list(folder)) {
                    for (Path file : listing.sorted(Comparator.comparing(Path::toString)).toList()) {
                        files.add(read(file, type));
                    }
                }
            }
        }
        return files;
    }

    static GeneratedFile read(Path file, FileType type) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        boolean bom = text.startsWith("\uFEFF");
        if (bom) {
            text = text.substring(1);
        }
        boolean crlf = text.indexOf('\n') > 0 && text.charAt(text.indexOf('\n') - 1) == '\r';
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text))) {
            List<String> header = parser.getHeaderNames();
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i).trim().toLowerCase(Locale.ROOT), record.get(i));
                }
                rows.add(row);
            }
            return new GeneratedFile(file, type, bom, crlf, List.copyOf(header), rows);
        }
    }
}
