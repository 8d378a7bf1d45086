package org.ecomkpi.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.Column;
import org.ecomkpi.row.Order;
import org.ecomkpi.row.Product;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {
    private static final Instant NOW = Instant.parse("2025-04-01T00:00:00Z");

    private BatchValidator batch;

    @BeforeEach
    void newBatchWithOneProduct() {
        batch = new BatchValidator(new ProductCatalogue(), NOW);
        batch.startProductsFile();
        accepted(batch.product(Rows.product()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T accepted(Verdict<T> verdict) {
        assertInstanceOf(Verdict.Accepted.class, verdict, () -> "expected accepted, got " + verdict);
        return ((Verdict.Accepted<T>) verdict).row();
    }

    private static Verdict.Rejected<?> rejected(Verdict<?> verdict, RuleCode rule, Column column) {
        Verdict.Rejected<?> r = assertInstanceOf(Verdict.Rejected.class, verdict, () -> "expected " + rule);
        assertEquals(rule, r.rule(), r.message());
        assertEquals(Optional.of(column), r.column(), r.message());
        assertTrue(r.message().contains(column.header()), () -> "message names the column: " + r.message());
        return r;
    }

    private ItemVersion acceptedItem(SourceRow row) {
        return accepted(batch.item(row)).version();
    }

    // ------------------------------------------------------------ MISSING_FIELD

    @Test
    void orderWithEveryRequiredFieldIsAcceptedAndBlankUserIdIsMissingField() {
        accepted(batch.order(Rows.order()));
        rejected(batch.order(Rows.order("order_id", "2", "user_id", "   ")), RuleCode.MISSING_FIELD, Column.USER_ID);
    }

    @Test
    void blankOptionalFieldsAreFineButBlankSalePriceIsMissingField() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("status", "", "created_at", "", "user_id", ""));
        rejected(batch.item(Rows.item("id", "11", "sale_price", "")), RuleCode.MISSING_FIELD, Column.SALE_PRICE);
    }

    @Test
    void productWithoutCategoryIsMissingField() {
        batch.startProductsFile();
        rejected(batch.product(Rows.product("id", "101", "category", "")), RuleCode.MISSING_FIELD, Column.CATEGORY);
    }

    // ------------------------------------------------------------ BAD_ID

    @Test
    void idOfSixtyFourCharactersIsAcceptedAndSixtyFiveIsBadId() {
        accepted(batch.order(Rows.order("order_id", "x".repeat(64))));
        rejected(batch.order(Rows.order("order_id", "y".repeat(65))), RuleCode.BAD_ID, Column.ORDER_ID);
    }

    @Test
    void idWithControlCharacterIsBadId() {
        accepted(batch.order(Rows.order("user_id", "user 7")));
        rejected(batch.order(Rows.order("order_id", "2", "user_id", "us\u0007er")), RuleCode.BAD_ID, Column.USER_ID);
    }

    @Test
    void categoryOfTwoHundredCharactersIsAcceptedAndTwoHundredOneIsBadId() {
        batch.startProductsFile();
        accepted(batch.product(Rows.product("id", "101", "category", "c".repeat(200))));
        Verdict.Rejected<?> r = rejected(batch.product(Rows.product("id", "102", "category", "c".repeat(201))),
                RuleCode.BAD_ID, Column.CATEGORY);
        assertTrue(r.message().contains("201") && r.message().contains("at most 200"), r.message());
    }

    @Test
    void categoryLongerThanAnIdIsFine() {
        batch.startProductsFile();
        accepted(batch.product(Rows.product("id", "101", "category", "Clothing > Women > Dresses > " + "x".repeat(64))));
    }

    @Test
    void itemWithBadProductIdIsBadIdEvenThoughItsOrderIsUnknown() {
        rejected(batch.item(Rows.item("order_id", "404", "product_id", "p\u0000")), RuleCode.BAD_ID, Column.PRODUCT_ID);
    }

    // ------------------------------------------------------------ BAD_TIMESTAMP

    @Test
    void everyTimestampStyleOfRealDropsIsAccepted() {
        String[] styles = {"2025-03-30T16:14:26", "2022-03-14 09:21:00+00:00", "2019-01-01 02:21:00 UTC",
            "2025-03-30T16:14:26.123456Z", "2025-03-30 16:14", "2025-03-30T23:30:00-07:00"};
        for (int i = 0; i < styles.length; i++) {
            accepted(batch.order(Rows.order("order_id", "s" + i, "created_at", styles[i])));
        }
    }

    @Test
    void dateWithoutTimeOrImpossibleDayIsBadTimestamp() {
        rejected(batch.order(Rows.order("created_at", "2025-03-30")), RuleCode.BAD_TIMESTAMP, Column.CREATED_AT);
        rejected(batch.order(Rows.order("created_at", "2025-02-30 10:00:00")), RuleCode.BAD_TIMESTAMP, Column.CREATED_AT);
        rejected(batch.order(Rows.order("created_at", "30/03/2025 10:00")), RuleCode.BAD_TIMESTAMP, Column.CREATED_AT);
        rejected(batch.order(Rows.order("shipped_at", "soon")), RuleCode.BAD_TIMESTAMP, Column.SHIPPED_AT);
        rejected(batch.order(Rows.order("created_at", "2025-03-30 10:00:00 CET")), RuleCode.BAD_TIMESTAMP, Column.CREATED_AT);
    }

    @Test
    void theEpochIsAcceptedAndTheSecondBeforeItIsBadTimestamp() {
        accepted(batch.order(Rows.order("order_id", "1", "created_at", "1970-01-01T00:00:00Z")));
        Verdict.Rejected<?> r = rejected(batch.order(Rows.order("order_id", "2", "created_at", "1969-12-31T23:59:59Z")),
                RuleCode.BAD_TIMESTAMP, Column.CREATED_AT);
        assertTrue(r.message().contains("1970-01-01T00:00:00Z"), r.message());
        rejected(batch.item(Rows.item("created_at", "", "delivered_at", "1969-07-20 20:17:40")), RuleCode.BAD_TIMESTAMP,
                Column.DELIVERED_AT);
    }

    @Test
    void offsetIsAppliedBeforeTakingTheOrderDate() {
        Order late = accepted(batch.order(Rows.order("order_id", "a", "created_at", "2025-03-30T23:30:00-07:00")));
        Order early = accepted(batch.order(Rows.order("order_id", "b", "created_at", "2025-03-31 01:00:00+05:30")));
        assertEquals(LocalDate.parse("2025-03-31"), late.orderDate());
        assertEquals(LocalDate.parse("2025-03-30"), early.orderDate());
    }

    // ------------------------------------------------------------ FUTURE_TIMESTAMP

    @Test
    void createdWithinOneDayOfNowIsAcceptedAndLaterIsFutureTimestamp() {
        accepted(batch.order(Rows.order("order_id", "1", "created_at", "2025-04-02T00:00:00Z")));
        rejected(batch.order(Rows.order("order_id", "2", "created_at", "2025-04-02T00:00:01Z")),
                RuleCode.FUTURE_TIMESTAMP, Column.CREATED_AT);
    }

    // ------------------------------------------------------------ TIME_ORDER

    @Test
    void shippedBeforeCreatedIsTimeOrderButEqualTimesAreFine() {
        accepted(batch.order(Rows.order("order_id", "1", "shipped_at", "2025-03-30T16:14:26", "delivered_at",
                "2025-03-31 10:00:00", "returned_at", "2025-03-31 10:00:00", "status", "returned")));
        rejected(batch.order(Rows.order("order_id", "2", "shipped_at", "2025-03-30T16:14:25")),
                RuleCode.TIME_ORDER, Column.SHIPPED_AT);
    }

    @Test
    void returnedBeforeDeliveredOnAnItemIsTimeOrder() {
        accepted(batch.order(Rows.order()));
        rejected(batch.item(Rows.item("delivered_at", "2025-03-31 10:00:00", "returned_at", "2025-03-31 09:59:59")),
                RuleCode.TIME_ORDER, Column.RETURNED_AT);
    }

    @Test
    void timeOrderComparesInstantsNotTexts() {
        // 10:00+02:00 is 08:00Z, after 07:00Z
        accepted(batch.order(Rows.order("created_at", "2025-03-30 07:00:00Z", "shipped_at", "2025-03-30 10:00:00+02:00")));
    }

    // ------------------------------------------------------------ BAD_NUMBER

    @Test
    void plainDecimalsAreAcceptedAndExponentCurrencyThousandsAndNaNAreBadNumber() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("id", "a", "sale_price", "19.99"));
        acceptedItem(Rows.item("id", "b", "sale_price", "20"));
        acceptedItem(Rows.item("id", "c", "sale_price", ".5"));
        for (String bad : List.of("1e3", "$5.00", "1,000.00", "NaN", "Infinity", "1.2.3", "-", "12 EUR")) {
            rejected(batch.item(Rows.item("id", "z", "sale_price", bad)), RuleCode.BAD_NUMBER, Column.SALE_PRICE);
        }
    }

    @Test
    void numOfItemMustBeWholeNumber() {
        accepted(batch.order(Rows.order("order_id", "1", "num_of_item", "3")));
        rejected(batch.order(Rows.order("order_id", "2", "num_of_item", "2.5")), RuleCode.BAD_NUMBER, Column.NUM_OF_ITEM);
    }

    @Test
    void twelveDigitsBeforeThePointAreAcceptedAndThirteenAreBadNumber() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("id", "a", "sale_price", "999999999999.99"));
        Verdict.Rejected<?> r = rejected(batch.item(Rows.item("id", "b", "sale_price", "1000000000000.00")),
                RuleCode.BAD_NUMBER, Column.SALE_PRICE);
        assertTrue(r.message().contains("13 digits before the point; at most 12"), r.message());
    }

    @Test
    void sixDigitsAfterThePointAreAcceptedAndSevenAreBadNumber() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("id", "a", "sale_price", "0.000001"));
        acceptedItem(Rows.item("id", "b", "sale_price", "999999999999.999999"));
        Verdict.Rejected<?> r = rejected(batch.item(Rows.item("id", "c", "sale_price", "1.0000000")),
                RuleCode.BAD_NUMBER, Column.SALE_PRICE);
        assertTrue(r.message().contains("7 digits after the point; at most 6"), r.message());
    }

    @Test
    void leadingZerosDoNotCountTowardsTheDigitLimits() {
        accepted(batch.order(Rows.order("order_id", "1", "num_of_item", "000000000000999999999")));
        assertEquals(new BigDecimal("12.5"), acceptedItem(Rows.item("sale_price", "000000000000012.5")).salePrice());
    }

    @Test
    void aThirtyNineDigitPriceIsBadNumberNotAStoreFailure() {
        accepted(batch.order(Rows.order()));
        rejected(batch.item(Rows.item("sale_price", "1" + "0".repeat(38))), RuleCode.BAD_NUMBER, Column.SALE_PRICE);
        rejected(batch.item(Rows.item("sale_price", "1" + "0".repeat(10_000) + ".5")), RuleCode.BAD_NUMBER,
                Column.SALE_PRICE);
    }

    @Test
    void costAndRetailPriceHaveTheSameLimitsAsSalePrice() {
        batch.startProductsFile();
        accepted(batch.product(Rows.product("id", "101", "cost", "000000000000012.5", "retail_price", "999999999999.999999")));
        rejected(batch.product(Rows.product("id", "102", "cost", "1234567890123")), RuleCode.BAD_NUMBER, Column.COST);
        rejected(batch.product(Rows.product("id", "103", "retail_price", "1.1234567")), RuleCode.BAD_NUMBER,
                Column.RETAIL_PRICE);
    }

    @Test
    void numOfItemOfNineDigitsIsAcceptedAndTenIsBadNumber() {
        accepted(batch.order(Rows.order("order_id", "1", "num_of_item", "999999999")));
        accepted(batch.order(Rows.order("order_id", "2", "num_of_item", "0000999999999")));
        Verdict.Rejected<?> r = rejected(batch.order(Rows.order("order_id", "3", "num_of_item", "1000000000")),
                RuleCode.BAD_NUMBER, Column.NUM_OF_ITEM);
        assertTrue(r.message().contains("10 digits; at most 9"), r.message());
        rejected(batch.order(Rows.order("order_id", "4", "num_of_item", "2.5")), RuleCode.BAD_NUMBER, Column.NUM_OF_ITEM);
    }

    @Test
    void productRetailPriceWithThousandsSeparatorIsBadNumber() {
        batch.startProductsFile();
        rejected(batch.product(Rows.product("id", "101", "retail_price", "1,299.00")), RuleCode.BAD_NUMBER,
                Column.RETAIL_PRICE);
    }

    // ------------------------------------------------------------ NEGATIVE_AMOUNT

    @Test
    void zeroPriceIsAcceptedAndNegativePriceIsNegativeAmount() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("id", "a", "sale_price", "0.00"));
        rejected(batch.item(Rows.item("id", "b", "sale_price", "-0.01")), RuleCode.NEGATIVE_AMOUNT, Column.SALE_PRICE);
    }

    @Test
    void negativeCostAndNegativeNumOfItemAreNegativeAmount() {
        batch.startProductsFile();
        rejected(batch.product(Rows.product("id", "101", "cost", "-1")), RuleCode.NEGATIVE_AMOUNT, Column.COST);
        rejected(batch.order(Rows.order("num_of_item", "-2")), RuleCode.NEGATIVE_AMOUNT, Column.NUM_OF_ITEM);
    }

    // ------------------------------------------------------------ BAD_STATUS

    @Test
    void statusInAnyCaseIsAcceptedAndUnknownStatusIsBadStatus() {
        String[] good = {"returned", "Complete", "SHIPPED", "Processing", "cancelled", "delivered"};
        for (int i = 0; i < good.length; i++) {
            accepted(batch.order(Rows.order("order_id", "o" + i, "status", good[i])));
        }
        rejected(batch.order(Rows.order("order_id", "x", "status", "lost")), RuleCode.BAD_STATUS, Column.STATUS);
    }

    @Test
    void itemWithBlankStatusIsAcceptedButUnknownStatusIsBadStatus() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("id", "a", "status", ""));
        rejected(batch.item(Rows.item("id", "b", "status", "refunded")), RuleCode.BAD_STATUS, Column.STATUS);
    }

    // ------------------------------------------------------------ DUPLICATE_KEY

    @Test
    void secondOrderWithSameIdIsDuplicateAndFirstOccurrenceWins() {
        Order first = accepted(batch.order(Rows.order("user_id", "first")));
        rejected(batch.order(Rows.order("user_id", "second")), RuleCode.DUPLICATE_KEY, Column.ORDER_ID);
        assertEquals("first", first.userId());
        assertEquals(1, batch.acceptedOrders());
    }

    @Test
    void rowRejectedForAnotherRuleDoesNotBlockItsKey() {
        rejected(batch.order(Rows.order("status", "lost")), RuleCode.BAD_STATUS, Column.STATUS);
        accepted(batch.order(Rows.order()));
    }

    @Test
    void numericIdsAndTheirZeroPaddedSpellingAreDifferentKeys() {
        accepted(batch.order(Rows.order("order_id", "7")));
        accepted(batch.order(Rows.order("order_id", "007")));
        rejected(batch.order(Rows.order("order_id", "007")), RuleCode.DUPLICATE_KEY, Column.ORDER_ID);
    }

    @Test
    void duplicateItemIdIsDuplicateKey() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("id", "10"));
        rejected(batch.item(Rows.item("id", "10")), RuleCode.DUPLICATE_KEY, Column.ID);
    }

    @Test
    void productDuplicatedWithinAFileIsRejectedButANewerFileReplacesIt() {
        batch.startProductsFile();
        accepted(batch.product(Rows.product("id", "200", "category", "Toys")));
        rejected(batch.product(Rows.product("id", "200", "category", "Garden")), RuleCode.DUPLICATE_KEY, Column.ID);
        batch.startProductsFile();
        accepted(batch.product(Rows.product("id", "200", "category", "Books")));
        assertEquals("Books", batch.catalogue().find("200").orElseThrow().category());
    }

    // ------------------------------------------------------------ UNKNOWN_ORDER

    @Test
    void itemOfAcceptedOrderIsAcceptedAndItemOfMissingOrderIsUnknownOrder() {
        accepted(batch.order(Rows.order()));
        acceptedItem(Rows.item("id", "a"));
        rejected(batch.item(Rows.item("id", "b", "order_id", "999")), RuleCode.UNKNOWN_ORDER, Column.ORDER_ID);
    }

    @Test
    void lateItemOfAnOrderCurrentFromAnEarlierBatchIsAcceptedWithoutTheOrderInThisBatch() {
        BatchValidator next = new BatchValidator(batch.catalogue(), NOW, "7"::equals, 16);
        ItemVersion late = accepted(next.item(Rows.item("id", "a", "order_id", "7"))).version();
        assertEquals("7", late.orderId());
        rejected(next.item(Rows.item("id", "b", "order_id", "8")), RuleCode.UNKNOWN_ORDER, Column.ORDER_ID);
        assertEquals(0, next.itemCountMismatches(), "an order not in this batch is not judged for num_of_item");
    }

    @Test
    void itemOfRejectedOrderIsRejectedAsUnknownOrder() {
        rejected(batch.order(Rows.order("status", "lost")), RuleCode.BAD_STATUS, Column.STATUS);
        rejected(batch.item(Rows.item()), RuleCode.UNKNOWN_ORDER, Column.ORDER_ID);
    }

    // ------------------------------------------------------------ UNKNOWN_PRODUCT

    @Test
    void itemOfUnknownProductIsUnknownProductAndCatalogueFromEarlierBatchCounts() {
        ProductCatalogue earlier = new ProductCatalogue();
        earlier.upsert(new Product("555", "S", BigDecimal.ONE, "Garden", BigDecimal.TEN,
                Optional.empty(), Optional.empty(), Optional.empty()));
        BatchValidator next = new BatchValidator(earlier, NOW);
        accepted(next.order(Rows.order()));
        assertEquals("Garden", accepted(next.item(Rows.item("id", "a", "product_id", "555")))
                .version().category());
        rejected(next.item(Rows.item("id", "b", "product_id", "556")), RuleCode.UNKNOWN_PRODUCT, Column.PRODUCT_ID);
    }

    @Test
    void unknownOrderTakesPrecedenceOverUnknownProduct() {
        rejected(batch.item(Rows.item("order_id", "404", "product_id", "404")), RuleCode.UNKNOWN_ORDER, Column.ORDER_ID);
    }

    // ------------------------------------------------------------ precedence and warnings

    @Test
    void rowBreakingSeveralRulesGetsTheFirstInDeclaredOrder() {
        rejected(batch.order(Rows.order("user_id", "", "created_at", "bad", "status", "lost")),
                RuleCode.MISSING_FIELD, Column.USER_ID);
        rejected(batch.order(Rows.order("created_at", "bad", "num_of_item", "x", "status", "lost")),
                RuleCode.BAD_TIMESTAMP, Column.CREATED_AT);
        rejected(batch.order(Rows.order("num_of_item", "x", "status", "lost")), RuleCode.BAD_NUMBER, Column.NUM_OF_ITEM);
    }

    @Test
    void costAboveRetailIsAWarningNotAReject() {
        batch.startProductsFile();
        Verdict<Product> verdict = batch.product(Rows.product("id", "300", "cost", "12.00", "retail_price", "9.99"));
        Verdict.Accepted<?> accepted = assertInstanceOf(Verdict.Accepted.class, verdict);
        assertEquals(List.of(WarningCode.COST_ABOVE_RETAIL), accepted.warnings());
    }

    @Test
    void numOfItemDifferingFromAcceptedItemsIsCountedAsMismatch() {
        accepted(batch.order(Rows.order("order_id", "1", "num_of_item", "2")));
        accepted(batch.order(Rows.order("order_id", "2", "num_of_item", "1")));
        accepted(batch.order(Rows.order("order_id", "3")));
        acceptedItem(Rows.item("id", "a", "order_id", "1"));
        acceptedItem(Rows.item("id", "b", "order_id", "1"));
        acceptedItem(Rows.item("id", "c", "order_id", "2"));
        rejected(batch.item(Rows.item("id", "d", "order_id", "2", "sale_price", "-1")), RuleCode.NEGATIVE_AMOUNT,
                Column.SALE_PRICE);
        acceptedItem(Rows.item("id", "e", "order_id", "2"));
        assertEquals(1, batch.itemCountMismatches());
    }

    // ------------------------------------------------------------ item versions

    @Test
    void itemKeepsItsOwnReturnedStateOrNoneToFollowItsOrder() {
        accepted(batch.order(Rows.order("order_id", "1", "created_at", "2025-03-30T23:30:00-07:00", "status", "returned")));
        ItemVersion own = acceptedItem(Rows.item("id", "a", "order_id", "1", "status", "complete",
                "created_at", "2025-03-31T06:40:00Z"));
        ItemVersion fallback = acceptedItem(Rows.item("id", "b", "order_id", "1", "status", ""));
        ItemVersion returnedAt = acceptedItem(Rows.item("id", "c", "order_id", "1", "status", "shipped",
                "returned_at", "2025-03-31T08:00:00Z"));
        assertEquals(Optional.of(false), own.ownReturned());
        assertEquals(Optional.empty(), fallback.ownReturned());
        assertTrue(fallback.returned(true), "without its own state an item follows its order");
        assertEquals(Optional.of(true), returnedAt.ownReturned());
    }

    @Test
    void rememberedRowsRebuildTheStateOfARestartedBatch() {
        Order order = accepted(batch.order(Rows.order("order_id", "1", "num_of_item", "2")));
        ItemVersion item = acceptedItem(Rows.item("id", "a", "order_id", "1"));

        BatchValidator restarted = new BatchValidator(batch.catalogue(), NOW);
        restarted.rememberOrder(order);
        restarted.rememberItem(item);
        rejected(restarted.order(Rows.order("order_id", "1")), RuleCode.DUPLICATE_KEY, Column.ORDER_ID);
        rejected(restarted.item(Rows.item("id", "a")), RuleCode.DUPLICATE_KEY, Column.ID);
        accepted(restarted.item(Rows.item("id", "b")));
        assertEquals(0, restarted.itemCountMismatches(), "the remembered item and the new one make num_of_item 2");
    }

    @Test
    void manyNumericOrdersAreKeptWithoutLoss() {
        for (int i = 0; i < 200_000; i++) {
            accepted(batch.order(Rows.order("order_id", Integer.toString(i))));
        }
        assertEquals(200_000, batch.acceptedOrders());
        rejected(batch.order(Rows.order("order_id", "123456")), RuleCode.DUPLICATE_KEY, Column.ORDER_ID);
        acceptedItem(Rows.item("order_id", "199999"));
    }
}
