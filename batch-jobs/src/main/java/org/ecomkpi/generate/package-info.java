/**
 * Synthetic drops for tests, benchmarks and the {@code generate} command: {@link org.ecomkpi.generate.DropGenerator}
 * writes seeded, realistic orders, order_items and products files in the bucket layout, optionally with
 * planted reject rows for every rule code ({@link org.ecomkpi.generate.Defect}), and reports what it wrote in a
 * {@link org.ecomkpi.generate.DropSummary}. It writes CSV the way producers do and judges nothing, so it lives
 * beside the jobs, not in kpi-lib (the domain an application embeds).
 */
package org.ecomkpi.generate;
