package org.ecomkpi.cli;

import java.util.Map;

import org.ecomkpi.run.RunSettings;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of {@code --bucket} and {@code --store}: the environment variables {@value #BUCKET_VARIABLE} and
 * {@value #STORE_VARIABLE} when set (the container image sets them), else the local defaults of SPEC section 7.
 * {@code --settle-seconds} defaults to {@value #SETTLE_VARIABLE} when set (the validate task definition sets it),
 * else to the job's own default. {@code --metrics} defaults to {@value #METRICS_VARIABLE} when set (the container image
 * sets {@code emf}), else to {@code off}.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final String BUCKET_VARIABLE = "PIPELINE_BUCKET";
    static final String STORE_VARIABLE = "PIPELINE_STORE";
    static final String SETTLE_VARIABLE = "PIPELINE_SETTLE_SECONDS";
    static final String METRICS_VARIABLE = "PIPELINE_METRICS";

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            switch (option.longestName()) {
                case "--bucket":
                    return variable(BUCKET_VARIABLE, RunSettings.DEFAULT_BUCKET);
                case "--store":
                    return variable(STORE_VARIABLE, RunSettings.DEFAULT_STORE);
                case "--settle-seconds":
                    return variable(SETTLE_VARIABLE, null);
                case "--metrics":
                    return variable(METRICS_VARIABLE, "off");
                default:
                    return null;
            }
        }
        return null;
    }

    private String variable(String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
