/**
 * Self-contained HTML pages: the run report ({@code runs/<runId>/report.html}) and the KPI page
 * ({@code kpis --format html}). No script, no style sheet or font from elsewhere, charts as inline SVG drawn here;
 * a Content-Security-Policy forbids every fetch, so a page opened from a bucket or a mail attachment never reaches
 * the network. Every string a producer controls (file names, categories, messages) goes through {@link Html}.
 *
 * <p>Vetoed for CDI: plain values, never injected.
 */
@Vetoed
package org.ecomkpi.html;

import jakarta.enterprise.inject.Vetoed;
