/**
 * Synthetic drops for tests, benchmarks and the {@code generate} command: {@link org.ecomkpi.generate.DropGenerator}
 * writes seeded, realistic orders, order_items and products files in the bucket layout, optionally with
 * planted reject rows for every rule code ({@link org.ecomkpi.generate.Defect}), and reports what it wrote in a
 * {@link org.ecomkpi.generate.DropSummary}.
 */
package org.ecomkpi.generate;
