package org.ecomkpi.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.bucket.BucketObject;
import org.ecomkpi.bucket.ObjectKey;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.InputFile;

/**
 * The line a command prints when validate found no complete batch: what landing-data holds and lacks, and which of
 * its files the pipeline does not recognise.
 */
final class NothingToProcess {
    private NothingToProcess() {
    }

    static String message(Bucket bucket, BucketLocation location) {
        Set<FileType> present = EnumSet.noneOf(FileType.class);
        int files = 0;
        List<String> unrecognised = new ArrayList<>();
        for (BucketObject object : bucket.list(BucketLayout.LANDING)) {
            files++;
            Optional<FileType> type = InputFile.typeOf(ObjectKey.relativeTo(BucketLayout.LANDING, object.key()));
            type.ifPresentOrElse(present::add, () -> unrecognised.add(location.where(object.key())));
        }
        List<String> absent = Arrays.stream(FileType.values()).filter(t -> !present.contains(t))
                .map(FileType::folder).toList();
        return "nothing to process: " + location.where(BucketLayout.LANDING) + " holds " + files
                + (files == 1 ? " file" : " files")
                + (absent.isEmpty() ? "" : " (none of type " + String.join(", ", absent) + ")")
                + "; a batch needs an orders file, an order_items file and a product catalogue (products files "
                + "now or in an earlier run)"
                + (unrecognised.isEmpty() ? "" : "; not recognised, left in place: " + String.join(", ", unrecognised));
    }
}
