package org.ecomkpi.store;

import java.util.function.Function;

/**
 * A stored state (a KPI row's {@code kpi_state}, an order entity) whose bytes fail their checksum or do not parse:
 * the message names the table and the key, so the row can be found and the store rebuilt from the archive.
 */
public final class CorruptStateException extends StoreException {
    private static final long serialVersionUID = 1L;

    private CorruptStateException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code bytes} decoded, or this exception naming {@code table} and {@code key} when they are corrupt. */
    static <T> T decode(String table, Object key, byte[] bytes, Function<byte[], T> decoding) {
        try {
            return decoding.apply(bytes);
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException(table + " holds a corrupt state at key " + key + ": " + e.getMessage(), e);
        }
    }
}
