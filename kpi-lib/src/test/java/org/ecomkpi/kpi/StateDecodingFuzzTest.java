package org.ecomkpi.kpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Function;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * The state decoders on any bytes: a store holds these bytes, and a corrupt row must be refused with an
 * {@link IllegalArgumentException}, quickly and in little memory, never with another exception. The first
 * byte picks the decoder, so one corpus serves all four; the rest is what the decoder reads (seeds start
 * with a real encoding). What decodes must survive an encode and decode unchanged.
 */
class StateDecodingFuzzTest {
    private static final Decoder[] DECODERS = {
        new Decoder(StateFormat.ORDER_DAY_STATE, OrderDayState::fromBytes, s -> ((OrderDayState) s).toBytes()),
        new Decoder(StateFormat.CATEGORY_DAY_STATE, CategoryDayState::fromBytes, s -> ((CategoryDayState) s).toBytes()),
        new Decoder(StateFormat.ORDER_ENTITY, OrderEntity::fromBytes, s -> ((OrderEntity) s).toBytes()),
        new Decoder(StateFormat.VERSION_BATCH, VersionBatch::fromBytes, s -> ((VersionBatch) s).toBytes()),
    };

    private record Decoder(byte kind, Function<byte[], Object> decode, Function<Object, byte[]> encode) {
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(5)
    void decodesOrRefusesWithIllegalArgument(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Decoder decoder = DECODERS[Math.floorMod(input[0], DECODERS.length)];
        byte[] bytes = java.util.Arrays.copyOfRange(input, 1, input.length);
        decodeOrRefuse(decoder, bytes);
        // the same bytes as the body of a well-framed state (a header, if they start with one, is dropped): past
        // the checksum, so the fuzzer reaches the field decoding a random flip would stop at the CRC
        boolean headed = bytes.length >= 2 && bytes[0] == decoder.kind();
        byte[] body = headed ? java.util.Arrays.copyOfRange(bytes, 2, bytes.length) : bytes;
        decodeOrRefuse(decoder, StateFormat.encode(decoder.kind(), out -> out.write(body)));
    }

    private static void decodeOrRefuse(Decoder decoder, byte[] bytes) {
        Object state;
        try {
            state = decoder.decode().apply(bytes);
        } catch (IllegalArgumentException refused) {
            return;
        }
        // Not byte for byte: a decimal with redundant sign bytes, or a map with a repeated key, is the same state
        byte[] canonical = decoder.encode().apply(state);
        assertArrayEquals(canonical, decoder.encode().apply(decoder.decode().apply(canonical)));
    }
}
