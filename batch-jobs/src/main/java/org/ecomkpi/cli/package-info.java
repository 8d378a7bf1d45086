/**
 * The {@code pipeline.jar} command line (SPEC section 7), built on picocli: {@code run}, {@code validate},
 * {@code transform}, {@code archive-failed}, {@code runs}, {@code kpis}, {@code report}, {@code generate} and
 * {@code selfcheck}.
 *
 * <p>Vetoed for CDI: the batch-jobs bean archive discovers every {@code org.ecomkpi} class, and commands are
 * created by picocli, never injected.
 */
@Vetoed
package org.ecomkpi.cli;

import jakarta.enterprise.inject.Vetoed;
