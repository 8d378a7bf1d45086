package org.ecomkpi.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.row.Product;
import org.ecomkpi.rules.ProductCatalogue;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The control table ({@code pipeline_control} by default): partition key {@value #PK} (S), sort key
 * {@value #SK} (S). The partition key says what an item is, the sort key which one:
 * <ul>
 *   <li>{@code pk = "run"}, {@code sk = <run id>}: a run that was applied, with {@code applied_at},
 *       {@code applied_by} (the id of the apply call that finished it) and counts;</li>
 *   <li>{@code pk = "processed_file"}, {@code sk = <sha256>}: a file content claimed by {@code run_id}, with its
 *       {@code file_key}; counted once that run is applied;</li>
 *   <li>{@code pk = "product"}, {@code sk = <product id>}: a catalogue product ({@code sku}, {@code cost} N,
 *       {@code category}, {@code retail_price} N, optional {@code name}, {@code brand}, {@code department});</li>
 *   <li>{@code pk = "merge_lock"}, {@code sk = "kpi"}: the merge lock and the record of an unfinished plan
 *       ({@link MergeLock}); {@code sk = "kpi#fence#<n>"}: its fences ({@link MergeFence});</li>
 *   <li>{@code pk = "plan#<run id>"}, {@code sk = <chunk number, 5 digits>}: a chunk ({@code data} B) of the
 *       run's deflated write-ahead plan ({@link WriteAheadPlan}), deleted once the plan is applied.</li>
 * </ul>
 * One partition per kind lets the catalogue be read with one paginated Query; runs and file claims are read
 * by key only. Every write an apply makes here while it holds the merge lock goes through one of the lock's fences
 * (a TransactWriteItems that DynamoDB refuses once another apply took the lock over); only
 * {@link #upsertProducts(List)}, which needs no lock, writes directly.
 */
final class ControlTable {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String RUN = "run";
    static final String PROCESSED_FILE = "processed_file";
    static final String PRODUCT = "product";
    static final String PLAN = "plan#";
    static final String DATA = "data";

    private final String name;
    private final DynamoDbConnection dynamo;

    ControlTable(String name, DynamoDbConnection dynamo) {
        this.name = name;
        this.dynamo = dynamo;
    }

    String name() {
        return name;
    }

    static List<KeySchemaElement> keySchema() {
        return List.of(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build());
    }

    static List<AttributeDefinition> keyAttributes() {
        return List.of(AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build());
    }

    private static Map<String, AttributeValue> key(String kind, String id) {
        return Map.of(PK, AttributeValue.fromS(kind), SK, AttributeValue.fromS(id));
    }

    private Optional<Map<String, AttributeValue>> get(String kind, String id, String what) {
        Map<String, AttributeValue> item = dynamo.call(what, () -> dynamo.client().getItem(b -> b
                .tableName(name).key(key(kind, id)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    // --- runs ---------------------------------------------------------------------------------------

    boolean isApplied(String runId) {
        return get(RUN, runId, "look up run '" + runId + "'").isPresent();
    }

    /** The record of an applied run: the order dates and the number of category keys it changed. */
    Optional<AppliedRun> findApplied(String runId) {
        return get(RUN, runId, "look up run '" + runId + "'").map(item -> new AppliedRun(runId,
                AppliedRun.parseOrderDates(Optional.ofNullable(item.get("order_dates")).map(AttributeValue::s).orElse("")),
                Integer.parseInt(KpiItems.requireNumber(item, "category_days")),
                Long.parseLong(KpiItems.requireNumber(item, "keys_written"))));
    }

    /**
     * Records the run as applied, the last step of an apply, through the fence of the apply holding the lock.
     *
     * @param applyId the id of this apply call: when a retried write finds the record already there, it tells
     *                whether this call wrote it (the first attempt succeeded but its answer was lost) or another
     * @return true when this call recorded the run; false when another apply of the same run did first
     */
    boolean markApplied(WriteAheadPlan plan, String applyId, MergeFence fence) {
        String runId = plan.runId();
        Map<String, AttributeValue> item = new HashMap<>(key(RUN, runId));
        item.put("applied_at", AttributeValue.fromS(Instant.now().toString()));
        item.put("applied_by", AttributeValue.fromS(applyId));
        item.put("order_days", KpiItems.number(plan.plan().kpis().orderDays().size()));
        item.put("category_days", KpiItems.number(plan.plan().kpis().categoryDays().size()));
        AppliedRun applied = AppliedRun.of(runId, plan.plan());
        item.put("order_dates", AttributeValue.fromS(applied.orderDatesText()));
        item.put("keys_written", KpiItems.number(applied.keysWritten()));
        item.put("orders", KpiItems.number(plan.plan().entities().size()));
        item.put("products", KpiItems.number(plan.products().size()));
        item.put("files", KpiItems.number(plan.files()));
        String what = "record run '" + runId + "' as applied";
        try {
            fence.write(List.of(TransactWriteItem.builder().put(Put.builder().tableName(name).item(item)
                    .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK))
                    .build()).build()), what);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return get(RUN, runId, what).map(stored -> applyId.equals(stored.get("applied_by").s())).orElseThrow(() ->
                    new StoreException("store 'dynamodb': run '" + runId + "' was refused as already recorded in table '"
                            + name + "', but no record is there"));
        }
    }

    // --- processed files ----------------------------------------------------------------------------

    /**
     * Claims each content for the run (a claim this run already holds is kept as it is), through the fence of the
     * apply holding the lock.
     *
     * @return the claims other runs hold on some of these contents, empty when the run now holds them all
     */
    List<ProcessedFile> claimFiles(String runId, Collection<ProcessedFile> files, MergeFence fence) {
        List<ProcessedFile> heldByOthers = new ArrayList<>();
        for (ProcessedFile file : files) {
            claim(runId, file, fence).ifPresent(heldByOthers::add);
        }
        return heldByOthers;
    }

    private Optional<ProcessedFile> claim(String runId, ProcessedFile file, MergeFence fence) {
        String what = "claim file content " + file.sha256() + " for run '" + runId + "'";
        for (int attempt = 1; ; attempt++) {
            try {
                fence.write(List.of(TransactWriteItem.builder().update(Update.builder().tableName(name)
                        .key(key(PROCESSED_FILE, file.sha256()))
                        .updateExpression("SET #run = if_not_exists(#run, :run), #file = if_not_exists(#file, :file)")
                        .conditionExpression("attribute_not_exists(#pk) OR #run = :run")
                        .expressionAttributeNames(Map.of("#pk", PK, "#run", "run_id", "#file", "file_key"))
                        .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(runId),
                                ":file", AttributeValue.fromS(file.fileKey())))
                        .build()).build()), what);
                return Optional.empty();
            } catch (ConditionalCheckFailedException e) {
                Optional<ProcessedFile> holder = fileClaim(file.sha256(), what);
                if (holder.isPresent()) {
                    return holder;
                }
                // the other run let go of it between our write and our read: claim it again
                if (!Backoff.CONFLICTS.allowsAnotherAfter(attempt)) {
                    throw new StoreException("store 'dynamodb': cannot " + what + ": it changed hands " + attempt
                            + " times");
                }
            }
        }
    }

    /**
     * Lets go of the run's claims on these contents (after it was refused, so that nothing changed), through the
     * fence of the apply holding the lock: an apply that lost the lock cannot release the claims of the apply that
     * took over the same run.
     */
    void releaseFiles(String runId, Collection<ProcessedFile> files, MergeFence fence) {
        for (ProcessedFile file : files) {
            String what = "release file content " + file.sha256() + " of run '" + runId + "'";
            try {
                fence.write(List.of(TransactWriteItem.builder().delete(Delete.builder().tableName(name)
                        .key(key(PROCESSED_FILE, file.sha256()))
                        .conditionExpression("#run = :run")
                        .expressionAttributeNames(Map.of("#run", "run_id"))
                        .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(runId)))
                        .build()).build()), what);
            } catch (ConditionalCheckFailedException e) {
                // held by another run, or not claimed at all: nothing of ours to release
            }
        }
    }

    private Optional<ProcessedFile> fileClaim(String sha256, String what) {
        return get(PROCESSED_FILE, sha256, what).map(item -> new ProcessedFile(sha256,
                KpiItems.requireString(item, "file_key"), KpiItems.requireString(item, "run_id")));
    }

    /** The content's record when the run that claimed it has been applied. */
    Optional<ProcessedFile> findProcessed(String sha256) {
        String what = "look up processed file " + sha256;
        return fileClaim(sha256, what).filter(file -> isApplied(file.runId()));
    }

    // --- write-ahead plans ------------------------------------------------------------------------------

    private static String planKind(String runId) {
        return PLAN + runId;
    }

    /**
     * Stores the plan's chunks through the fence of the apply holding the lock (a run's earlier, unrecorded attempt
     * is overwritten); returns how many.
     */
    int writePlan(WriteAheadPlan plan, MergeFence fence) {
        List<byte[]> chunks = plan.toChunks();
        List<TransactWriteItem> puts = new ArrayList<>(chunks.size());
        for (int c = 0; c < chunks.size(); c++) {
            Map<String, AttributeValue> item = new HashMap<>(key(planKind(plan.runId()), chunkId(c)));
            item.put(DATA, AttributeValue.fromB(SdkBytes.fromByteArray(chunks.get(c))));
            puts.add(MergeFence.put(name, item));
        }
        // 13 chunks of at most 300 KB a transaction, under its 4 MB
        fence.write(puts, "store the plan of run '" + plan.runId() + "' (" + chunks.size() + " chunks)");
        return chunks.size();
    }

    private static String chunkId(int chunk) {
        return String.format("%05d", chunk);
    }

    /** The first {@code chunks} chunks of the run's plan, decoded. */
    WriteAheadPlan readPlan(String runId, int chunks) {
        List<Map<String, AttributeValue>> items = planItems(runId, true);
        List<byte[]> data = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            String id = chunkId(c);
            data.add(items.stream().filter(item -> item.get(SK).s().equals(id)).findFirst()
                    .orElseThrow(() -> new StoreException("store 'dynamodb': chunk " + id + " of the plan of run '"
                            + runId + "' is missing from table '" + name + "'"))
                    .get(DATA).b().asByteArray());
        }
        return WriteAheadPlan.fromChunks(data);
    }

    /** Deletes every chunk of the run's plan, through the fence of the apply holding the lock. */
    void deletePlan(String runId, MergeFence fence) {
        List<TransactWriteItem> deletes = new ArrayList<>();
        for (Map<String, AttributeValue> item : planItems(runId, false)) {
            deletes.add(MergeFence.delete(name, key(planKind(runId), item.get(SK).s())));
        }
        fence.write(deletes, "delete the plan of run '" + runId + "'");
    }

    private List<Map<String, AttributeValue>> planItems(String runId, boolean withData) {
        return dynamo.call("read the plan of run '" + runId + "'", () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (QueryResponse page : dynamo.client().queryPaginator(b -> {
                b.tableName(name).consistentRead(true)
                        .keyConditionExpression("#pk = :plan")
                        .expressionAttributeNames(withData ? Map.of("#pk", PK, "#sk", SK, "#data", DATA)
                                : Map.of("#pk", PK, "#sk", SK))
                        .projectionExpression(withData ? "#sk, #data" : "#sk")
                        .expressionAttributeValues(Map.of(":plan", AttributeValue.fromS(planKind(runId))));
            })) {
                items.addAll(page.items());
            }
            return items;
        });
    }

    // --- catalogue ----------------------------------------------------------------------------------

    /** Upserts the products outside any apply (no lock), the later of one id winning, 25 a batch. */
    void upsertProducts(List<Product> products) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Map<String, AttributeValue> item : productItems(products, Optional.empty())) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        dynamo.batchWrite(name, requests, "upsert " + requests.size() + " products");
    }

    /**
     * Upserts the products of a run's plan, the later of one id winning, through the fence of the apply holding the
     * lock: an apply that lost the lock cannot overwrite a product a later run changed.
     */
    void upsertProducts(List<Product> products, String runId, MergeFence fence) {
        List<TransactWriteItem> puts = new ArrayList<>();
        for (Map<String, AttributeValue> item : productItems(products, Optional.of(runId))) {
            puts.add(MergeFence.put(name, item));
        }
        fence.write(puts, "upsert " + puts.size() + " products of run '" + runId + "'");
    }

    private static List<Map<String, AttributeValue>> productItems(List<Product> products, Optional<String> runId) {
        Map<String, Product> latest = new LinkedHashMap<>();
        for (Product product : products) {
            latest.put(product.id(), product); // one request may not hold one key twice, and the later one wins
        }
        return latest.values().stream().map(product -> item(product, runId)).toList();
    }

    private static Map<String, AttributeValue> item(Product product, Optional<String> runId) {
        Map<String, AttributeValue> item = new HashMap<>(key(PRODUCT, product.id()));
        item.put("sku", AttributeValue.fromS(product.sku()));
        item.put("cost", KpiItems.number(product.cost()));
        item.put("category", AttributeValue.fromS(product.category()));
        item.put("retail_price", KpiItems.number(product.retailPrice()));
        product.name().ifPresent(v -> item.put("name", AttributeValue.fromS(v)));
        product.brand().ifPresent(v -> item.put("brand", AttributeValue.fromS(v)));
        product.department().ifPresent(v -> item.put("department", AttributeValue.fromS(v)));
        runId.ifPresent(v -> item.put("updated_by_run", AttributeValue.fromS(v)));
        return item;
    }

    /** Every product, read page by page, in id order. */
    ProductCatalogue loadCatalogue() {
        List<Product> products = dynamo.call("read the product catalogue", () -> {
            List<Product> read = new ArrayList<>();
            for (QueryResponse page : dynamo.client().queryPaginator(b -> b.tableName(name).consistentRead(true)
                    .keyConditionExpression("#pk = :product")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":product", AttributeValue.fromS(PRODUCT))))) {
                for (Map<String, AttributeValue> item : page.items()) {
                    read.add(product(item));
                }
            }
            return read;
        });
        products.sort(Comparator.comparing(Product::id));
        ProductCatalogue catalogue = new ProductCatalogue();
        products.forEach(catalogue::upsert);
        return catalogue;
    }

    private static Product product(Map<String, AttributeValue> item) {
        return new Product(KpiItems.requireString(item, SK), KpiItems.requireString(item, "sku"),
                new BigDecimal(KpiItems.requireNumber(item, "cost")), KpiItems.requireString(item, "category"),
                new BigDecimal(KpiItems.requireNumber(item, "retail_price")), optional(item, "name"),
                optional(item, "brand"), optional(item, "department"));
    }

    private static Optional<String> optional(Map<String, AttributeValue> item, String attribute) {
        return Optional.ofNullable(item.get(attribute)).map(AttributeValue::s);
    }
}
