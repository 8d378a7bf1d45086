/**
 * The process's one logging backend, SLF4J with Logback ({@code logback.xml} beside the classes): our own lines,
 * JBeret's, Weld's and the AWS SDK's go to stderr, as one JSON object a line when {@code PIPELINE_LOG_FORMAT=json}
 * (containers, for CloudWatch Logs Insights) or as a short human line otherwise. Every line written while a run is
 * under way carries its run id, job and step ({@link org.ecomkpi.logging.RunContext}).
 *
 * <p>Vetoed for CDI: Logback creates these classes from its configuration, nothing injects them.
 */
@Vetoed
package org.ecomkpi.logging;

import jakarta.enterprise.inject.Vetoed;
