/**
 * The pipeline's metrics: a {@link org.ecomkpi.metrics.Metrics} sink that is off by default or writes CloudWatch's
 * embedded metric format on stdout ({@link org.ecomkpi.metrics.EmfMetrics}), and what one job execution publishes
 * ({@link org.ecomkpi.metrics.JobMetrics}). Dimensions stay few and bounded (Job, Step, FileType, Rule); the run id
 * is a property of each line, never a dimension.
 */
package org.ecomkpi.metrics;
