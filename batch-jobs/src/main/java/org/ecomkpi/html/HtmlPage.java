package org.ecomkpi.html;

/**
 * The frame of a self-contained page: UTF-8, a Content-Security-Policy that forbids scripts and every fetch
 * (only inline styles and {@code data:} images are allowed), the page's style sheet inline, no external
 * resource of any kind. Opened from a local folder, an S3 object or a mail attachment, it never reaches the
 * network, and a script a producer smuggled into a name could not run even if escaping failed.
 */
public final class HtmlPage {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;\
            color:#1f2328;margin:24px auto;max-width:980px;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;\
            padding-bottom:4px}
            .meta{color:#57606a;margin:0 0 12px}.status{display:inline-block;padding:1px 8px;border-radius:10px;\
            font-weight:600;background:#ddf4ff}.status-processed,.status-validated{background:#dafbe1}\
            .status-rejected{background:#ffebe9}
            .failure{border:1px solid #ff8182;background:#fff5f5;padding:8px 12px;border-radius:6px}
            table{border-collapse:collapse;margin:6px 0 10px}th,td{padding:3px 10px;border-bottom:1px solid #eaeef2;\
            text-align:left;vertical-align:top}th{background:#f6f8fa}td.num,th.num{text-align:right;\
            font-variant-numeric:tabular-nums}
            svg.chart{display:block;max-width:100%;height:auto;margin:6px 0 10px;font-size:12px}
            svg.chart text{fill:#1f2328}svg.chart text.empty{fill:#57606a}
            svg.chart .axis,svg.chart .grid{stroke:#8c959f;stroke-width:1}svg.chart .grid{stroke-dasharray:3 3}
            svg.chart .series-0,svg.chart .day{fill:#4e79a7}svg.chart .series-1{fill:#e15759}\
            svg.chart .series-2{fill:#f28e2b}svg.chart .series-3{fill:#76b7b2}svg.chart .series-4{fill:#59a14f}
            .none{color:#57606a}footer{margin-top:32px;color:#57606a;font-size:12px}
            """;

    private HtmlPage() {
    }

    /**
     * The whole document around {@code body}, which must be markup built from escaped text ({@link Html},
     * {@link HtmlTable}, the charts).
     */
    public static String document(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + CONTENT_SECURITY_POLICY + "\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.text(title) + "</title><style>" + STYLE + "</style></head>\n<body>\n"
                + body + "\n</body></html>\n";
    }
}
