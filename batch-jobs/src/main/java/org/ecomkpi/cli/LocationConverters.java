package org.ecomkpi.cli;

import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.store.StoreLocation;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --bucket} and {@code --store} with the one parser of each ({@link BucketLocation#parse},
 * {@link StoreLocation#parse}), the one the jobs read their {@code bucket} and {@code store} properties with; picocli
 * names the option in the message.
 */
final class LocationConverters {

    private LocationConverters() {
    }

    /** Reads {@code --bucket}. */
    static final class Bucket implements ITypeConverter<BucketLocation> {
        @Override
        public BucketLocation convert(String value) {
            try {
                return BucketLocation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads {@code --store}. */
    static final class Store implements ITypeConverter<StoreLocation> {
        @Override
        public StoreLocation convert(String value) {
            try {
                return StoreLocation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
