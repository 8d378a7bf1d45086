package org.ecomkpi.jberet.dynamodb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The serialized checkpoint data of a step or partition execution item: persistent user data and the reader's and
 * writer's checkpoints. Kept inline as binary attributes while small; above the spill threshold the largest go to S3
 * objects and the item keeps their keys ({@link ItemAttributes#spilled}).
 *
 * <p>Every spill writes a new object, never overwrites one: until DynamoDB holds the new pointer, the old object is
 * still the committed checkpoint, so a process killed in between restarts from a consistent one.
 */
final class CheckpointStore {

    static final List<String> NAMES = List.of(ItemAttributes.PERSISTENT_USER_DATA, ItemAttributes.READER_CHECKPOINT,
            ItemAttributes.WRITER_CHECKPOINT);

    private final S3Client s3;
    private final DynamoDbRepositorySettings settings;

    CheckpointStore(S3Client s3, DynamoDbRepositorySettings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /**
     * Decides where each piece goes and writes the spilled ones to S3.
     *
     * @param itemPath names the item in S3 keys, e.g. {@code instance-0001/step-execution-0004}
     * @param data     the serialized pieces by name; absent names have no data
     */
    Placement place(String itemPath, Map<String, byte[]> data) {
        Map<String, byte[]> inline = new LinkedHashMap<>(data);
        Map<String, String> spilled = new LinkedHashMap<>();
        List<Map.Entry<String, byte[]>> largestFirst = new ArrayList<>(data.entrySet());
        largestFirst.sort(Comparator.comparingInt((Map.Entry<String, byte[]> e) -> e.getValue().length).reversed());
        for (Map.Entry<String, byte[]> piece : largestFirst) {
            if (size(inline) <= settings.spillAboveBytes()) {
                break;
            }
            String key = keyFor(itemPath, piece.getKey());
            s3.putObject(put -> put.bucket(settings.spillBucket()).key(key), RequestBody.fromBytes(piece.getValue()));
            inline.remove(piece.getKey());
            spilled.put(piece.getKey(), key);
        }
        return new Placement(inline, spilled);
    }

    /** The piece {@code name} of an item, read from S3 when it was spilled. */
    Optional<byte[]> read(Map<String, AttributeValue> item, String name) {
        AttributeValue inline = item.get(name);
        if (inline != null && inline.b() != null) {
            return Optional.of(inline.b().asByteArray());
        }
        AttributeValue pointer = item.get(ItemAttributes.spilled(name));
        if (pointer == null || pointer.s() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(s3.getObjectAsBytes(get -> get.bucket(settings.spillBucket()).key(pointer.s()))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            throw new IllegalStateException("the job repository points at s3://" + settings.spillBucket() + "/"
                    + pointer.s() + " for " + name + ", but there is no such object", e);
        }
    }

    /** Deletes spilled objects that no item points at any more; a failure only leaves garbage behind. */
    void deleteReplaced(List<String> keys) {
        for (String key : keys) {
            try {
                s3.deleteObject(delete -> delete.bucket(settings.spillBucket()).key(key));
            } catch (RuntimeException e) {
                // an orphaned object costs storage, not correctness
            }
        }
    }

    private String keyFor(String itemPath, String name) {
        String prefix = settings.spillPrefix().isEmpty() ? "" : settings.spillPrefix() + "/";
        return prefix + itemPath + "/" + name + "-" + UUID.randomUUID() + ".bin";
    }

    private static int size(Map<String, byte[]> pieces) {
        return pieces.values().stream().mapToInt(bytes -> bytes.length).sum();
    }

    /**
     * Where the pieces of one item went.
     *
     * @param inline  pieces kept in the item
     * @param spilled S3 keys of the pieces written to S3
     */
    record Placement(Map<String, byte[]> inline, Map<String, String> spilled) {

        /** Adds {@code SET}/{@code REMOVE} clauses and values for every piece, present or not, to an update. */
        void addTo(ItemUpdate update) {
            for (String name : NAMES) {
                if (inline.containsKey(name)) {
                    update.set(name, AttributeValue.fromB(SdkBytes.fromByteArray(inline.get(name))));
                    update.remove(ItemAttributes.spilled(name));
                } else if (spilled.containsKey(name)) {
                    update.set(ItemAttributes.spilled(name), AttributeValue.fromS(spilled.get(name)));
                    update.remove(name);
                } else {
                    update.remove(name);
                    update.remove(ItemAttributes.spilled(name));
                }
            }
        }

        List<String> spilledKeys() {
            return List.copyOf(spilled.values());
        }
    }
}
