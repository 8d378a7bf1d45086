package org.ecomkpi.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.KpiUpdate;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;
import org.ecomkpi.row.Product;

/**
 * What a DynamoDB apply writes before it writes anything else: the run's {@link MergePlan}, its products and the
 * count of its files, deflated and cut into chunks small enough for control-table items. Any later apply can
 * read the chunks back and finish the run (every write of a plan is an absolute value, so writing it again is
 * harmless).
 *
 * @param runId    the run
 * @param plan     the run's writes to the state and KPI tables
 * @param products the run's products, upserted after the plan
 * @param files    how many distinct file contents the run claimed (for the run's record)
 */
record WriteAheadPlan(String runId, MergePlan plan, List<Product> products, int files) {
    /** Chunk size: well under DynamoDB's 400 KB item limit; 13 of them fit in one transaction's 4 MB. */
    static final int CHUNK_BYTES = 300 * 1024;
    private static final int FORMAT = 1;

    WriteAheadPlan {
        products = List.copyOf(products);
    }

    /** The plan's bytes, deflated, in chunks of at most {@link #CHUNK_BYTES}; at least one chunk. */
    List<byte[]> toChunks() {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(deflated, deflater, 64 * 1024))) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        byte[] all = deflated.toByteArray();
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < all.length || chunks.isEmpty(); from += CHUNK_BYTES) {
            chunks.add(Arrays.copyOfRange(all, from, Math.min(from + CHUNK_BYTES, all.length)));
        }
        return chunks;
    }

    /** The plan of {@link #toChunks()}, in chunk order. */
    static WriteAheadPlan fromChunks(List<byte[]> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        Inflater inflater = new Inflater();
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(
                new ByteArrayInputStream(all.toByteArray()), inflater))) {
            return read(in);
        } catch (IOException e) {
            if (e.getCause() instanceof DataFormatException || e instanceof java.io.EOFException) {
                throw new StoreException("a stored merge plan is damaged: " + e.getMessage(), e);
            }
            throw new UncheckedIOException(e);
        } finally {
            inflater.end();
        }
    }

    private void write(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeUTF(runId);
        out.writeInt(files);
        out.writeInt(plan.entities().size());
        for (Map.Entry<String, OrderEntity> entity : new TreeMap<>(plan.entities()).entrySet()) {
            out.writeUTF(entity.getKey());
            writeBytes(out, entity.getValue().toBytes());
        }
        out.writeInt(plan.itemOrders().size());
        for (Map.Entry<String, String> item : new TreeMap<>(plan.itemOrders()).entrySet()) {
            out.writeUTF(item.getKey());
            out.writeUTF(item.getValue());
        }
        KpiUpdate kpis = plan.kpis();
        out.writeInt(kpis.customers().size());
        for (Map.Entry<DayCustomer, Long> customer : kpis.customers().entrySet()) {
            out.writeUTF(customer.getKey().orderDate().toString());
            out.writeUTF(customer.getKey().userId());
            out.writeLong(customer.getValue());
        }
        out.writeInt(kpis.orderDays().size());
        for (Map.Entry<LocalDate, OrderDayState> day : kpis.orderDays().entrySet()) {
            out.writeUTF(day.getKey().toString());
            writeBytes(out, day.getValue().toBytes());
        }
        out.writeInt(kpis.categoryDays().size());
        for (Map.Entry<CategoryDay, CategoryDayState> key : kpis.categoryDays().entrySet()) {
            out.writeUTF(key.getKey().category());
            out.writeUTF(key.getKey().orderDate().toString());
            writeBytes(out, key.getValue().toBytes());
        }
        out.writeInt(products.size());
        for (Product product : products) {
            out.writeUTF(product.id());
            out.writeUTF(product.sku());
            out.writeUTF(product.cost().toString());
            out.writeUTF(product.category());
            out.writeUTF(product.retailPrice().toString());
            writeOptional(out, product.name());
            writeOptional(out, product.brand());
            writeOptional(out, product.department());
        }
    }

    private static WriteAheadPlan read(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new StoreException("a stored merge plan has format " + format + ", this version reads " + FORMAT);
        }
        String runId = in.readUTF();
        int files = in.readInt();
        Map<String, OrderEntity> entities = new HashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            entities.put(in.readUTF(), OrderEntity.fromBytes(readBytes(in)));
        }
        Map<String, String> itemOrders = new HashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            itemOrders.put(in.readUTF(), in.readUTF());
        }
        TreeMap<DayCustomer, Long> customers = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            customers.put(new DayCustomer(LocalDate.parse(in.readUTF()), in.readUTF()), in.readLong());
        }
        TreeMap<LocalDate, OrderDayState> orderDays = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            orderDays.put(LocalDate.parse(in.readUTF()), OrderDayState.fromBytes(readBytes(in)));
        }
        TreeMap<CategoryDay, CategoryDayState> categoryDays = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            categoryDays.put(new CategoryDay(in.readUTF(), LocalDate.parse(in.readUTF())),
                    CategoryDayState.fromBytes(readBytes(in)));
        }
        List<Product> products = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            products.add(new Product(in.readUTF(), in.readUTF(), new BigDecimal(in.readUTF()), in.readUTF(),
                    new BigDecimal(in.readUTF()), readOptional(in), readOptional(in), readOptional(in)));
        }
        MergePlan plan = new MergePlan(entities, itemOrders, new KpiUpdate(customers, orderDays, categoryDays));
        return new WriteAheadPlan(runId, plan, products, files);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        return in.readNBytes(in.readInt());
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeUTF(value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }
}
