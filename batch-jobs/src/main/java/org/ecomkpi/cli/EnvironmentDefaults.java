package org.ecomkpi.cli;

import java.util.Optional;

import org.ecomkpi.run.RunSettings;
import org.ecomkpi.settings.PipelineSettings;

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
    static final String BUCKET_VARIABLE = PipelineSettings.BUCKET;
    static final String STORE_VARIABLE = PipelineSettings.STORE;
    static final String SETTLE_VARIABLE = PipelineSettings.SETTLE_SECONDS;
    static final String METRICS_VARIABLE = PipelineSettings.METRICS;

    private final PipelineSettings.OptionDefaults defaults;

    /** The defaults the settings give ({@link PipelineSettings#options()}). */
    EnvironmentDefaults(PipelineSettings.OptionDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            switch (option.longestName()) {
                case "--bucket":
                    return or(defaults.bucket(), RunSettings.DEFAULT_BUCKET);
                case "--store":
                    return or(defaults.store(), RunSettings.DEFAULT_STORE);
                case "--settle-seconds":
                    return or(defaults.settleSeconds(), null);
                case "--metrics":
                    return or(defaults.metrics(), "off");
                default:
                    return null;
            }
        }
        return null;
    }

    private static String or(Optional<String> value, String fallback) {
        return value.orElse(fallback);
    }
}
