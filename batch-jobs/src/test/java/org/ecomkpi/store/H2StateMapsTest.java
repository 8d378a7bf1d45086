package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.ecomkpi.kpi.DayCustomer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link H2StateMaps} and its undo log on their own: what a roll-back and a recovery put back. */
class H2StateMapsTest {
    private static final DayCustomer ANN = new DayCustomer(LocalDate.parse("2025-03-28"), "ann");
    private static final DayCustomer BOB = new DayCustomer(LocalDate.parse("2025-03-28"), "bob/with\0odd chars");

    @TempDir
    Path temp;

    private H2StateMaps withFirstRun(Path database) {
        H2StateMaps maps = H2StateMaps.open(database, run -> true);
        maps.begin("r1");
        maps.putEntity("o1", new byte[] {1});
        maps.putItemOrder("i1", "o1");
        maps.putCustomer(ANN, 2);
        maps.commit();
        maps.finish("r1");
        return maps;
    }

    private static void secondRun(H2StateMaps maps) {
        maps.begin("r2");
        maps.putEntity("o1", new byte[] {2});
        maps.putEntity("o2", new byte[] {3});
        maps.putItemOrder("i1", "o2");
        maps.putItemOrder("i2", "o2");
        maps.putCustomer(ANN, 0); // removed
        maps.putCustomer(BOB, 1);
        maps.commit();
        // written again after a commit: the roll-back must reach the value from before the first write
        maps.putEntity("o1", new byte[] {4});
        maps.putCustomer(ANN, 5);
        maps.putItemOrder("i1", "o3");
    }

    private static void assertFirstRunOnly(H2StateMaps maps) {
        assertArrayEquals(new byte[] {1}, maps.entity("o1"));
        assertNull(maps.entity("o2"));
        assertEquals("o1", maps.itemOrder("i1"));
        assertNull(maps.itemOrder("i2"));
        assertEquals(2L, maps.customer(ANN));
        assertNull(maps.customer(BOB));
    }

    @Test
    void aRollBackPutsBackEveryValueFromBeforeTheRunEvenOfKeysWrittenTwice() {
        try (H2StateMaps maps = withFirstRun(temp.resolve("db"))) {
            secondRun(maps);
            maps.rollBack();
            assertFirstRunOnly(maps);
        }
    }

    @Test
    void aRunLeftApplyingIsRolledBackOnTheNextOpenWhenSqlDidNotRecordIt() {
        Path database = temp.resolve("db");
        H2StateMaps maps = withFirstRun(database);
        secondRun(maps);
        maps.commit();
        maps.close(); // as a process that dies after a commit of the file: the run's writes are on disk
        try (H2StateMaps reopened = H2StateMaps.open(database, run -> false)) {
            assertFirstRunOnly(reopened);
            reopened.begin("r3"); // nothing is left applying
        }
    }

    @Test
    void aRunLeftApplyingIsKeptOnTheNextOpenWhenSqlRecordedIt() {
        Path database = temp.resolve("db");
        H2StateMaps maps = withFirstRun(database);
        secondRun(maps);
        maps.commit();
        maps.close();
        try (H2StateMaps reopened = H2StateMaps.open(database, run -> run.equals("r2"))) {
            assertArrayEquals(new byte[] {4}, reopened.entity("o1"));
            assertEquals("o3", reopened.itemOrder("i1"));
            assertEquals(5L, reopened.customer(ANN));
            assertEquals(1L, reopened.customer(BOB));
            assertEquals(0, undoPieces(database), "the kept run's undo is dropped");
        }
    }

    @Test
    void aLastUndoRecordCutShortIsSkipped() throws Exception {
        Path database = temp.resolve("db");
        H2StateMaps maps = withFirstRun(database);
        secondRun(maps);
        maps.commit();
        maps.close();
        Path folder = Path.of(database + ".state.undo");
        Files.write(folder.resolve("99999999.undo"), new byte[] {0, 0, 0, 0, 9, 'o'}, StandardOpenOption.CREATE_NEW);
        try (H2StateMaps reopened = H2StateMaps.open(database, run -> false)) {
            assertFirstRunOnly(reopened);
        }
    }

    @Test
    void aSecondRunCannotBeginWhileOneIsApplying() {
        try (H2StateMaps maps = withFirstRun(temp.resolve("db"))) {
            maps.begin("r2");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> maps.begin("r3"));
            assertEquals(true, refused.getMessage().contains("applying run 'r2'"), refused.getMessage());
        }
    }

    @Test
    void oneProcessSharesOneOpenFileAndClosesItWithTheLastStore() {
        Path database = temp.resolve("db");
        H2StateMaps first = H2StateMaps.open(database, run -> true);
        H2StateMaps second = H2StateMaps.open(database, run -> true);
        assertEquals(true, first == second);
        first.close();
        second.putEntity("o9", new byte[] {9}); // still open
        second.close();
        try (H2StateMaps reopened = H2StateMaps.open(database, run -> true)) {
            assertArrayEquals(new byte[] {9}, reopened.entity("o9"), "closing saved it");
        }
    }

    @Test
    void aCustomerKeyKeepsDateAndUserApartWhateverTheUserId() {
        assertEquals(BOB, H2StateMaps.customerOf(H2StateMaps.key(BOB)));
        assertEquals(List.of(ANN, BOB), Stream.of(BOB, ANN).map(H2StateMaps::key).sorted().map(H2StateMaps::customerOf)
                .toList());
    }

    private static long undoPieces(Path database) {
        try (Stream<Path> pieces = Files.list(Path.of(database + ".state.undo"))) {
            return pieces.count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
