package org.ecomkpi.oracle;

/** {@link DuckDbKpiOracle#validateAndComputeCurrent}'s answer: what it rejected, and the KPIs of what it accepted. */
public record ValidatedKpis(DropValidation validation, OracleKpis kpis) {
}
