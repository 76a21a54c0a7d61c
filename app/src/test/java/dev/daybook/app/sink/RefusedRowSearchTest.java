package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.warehouse.WarehouseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The search alone, over a warehouse reduced to the rule it refuses by: a set of bad rows. */
class RefusedRowSearchTest {

    /** Refuses any write that holds a bad row, like a database refusing a statement for one of its rows. */
    private static final class RefusingTable implements RefusedRowSearch.Write<Integer, RuntimeException> {
        private final Set<Integer> bad;
        final List<Integer> written = new ArrayList<>();
        int writes;

        RefusingTable(Set<Integer> bad) {
            this.bad = bad;
        }

        @Override
        public void write(List<Integer> rows) throws WarehouseException {
            writes++;
            List<Integer> refused = rows.stream().filter(bad::contains).toList();
            if (!refused.isEmpty()) {
                throw WarehouseException.rowsRefused("CHECK constraint failed for " + refused, null);
            }
            written.addAll(rows);
        }
    }

    @Test
    void writesEveryRowButTheRefusedOneInLogarithmicallyManyWrites() throws Exception {
        List<Integer> rows = IntStream.range(0, 1024).boxed().toList();
        RefusingTable table = new RefusingTable(Set.of(700));

        List<RefusedRowSearch.Refusal<Integer>> refused = RefusedRowSearch.write(rows, table);

        assertThat(refused).extracting(RefusedRowSearch.Refusal::row).containsExactly(700);
        assertThat(refused.get(0).reason()).hasMessage("CHECK constraint failed for [700]");
        assertThat(table.written).hasSize(1023).doesNotContain(700);
        assertThat(table.writes)
                .as("the whole batch, then two halves on each of 10 levels")
                .isEqualTo(1 + 2 * 10);
    }

    @Test
    void findsEveryRefusedRowWhereverItIs() throws Exception {
        List<Integer> rows = IntStream.range(0, 10).boxed().toList();
        RefusingTable table = new RefusingTable(Set.of(0, 5, 9));

        List<RefusedRowSearch.Refusal<Integer>> refused = RefusedRowSearch.write(rows, table);

        assertThat(refused).extracting(RefusedRowSearch.Refusal::row).containsExactly(0, 5, 9);
        assertThat(table.written).containsExactlyInAnyOrder(1, 2, 3, 4, 6, 7, 8);
    }

    @Test
    void aBatchTheWarehouseAcceptsIsWrittenOnce() throws Exception {
        RefusingTable table = new RefusingTable(Set.of());

        assertThat(RefusedRowSearch.write(List.of(1, 2, 3), table)).isEmpty();

        assertThat(table.writes).isEqualTo(1);
        assertThat(table.written).containsExactly(1, 2, 3);
    }

    @Test
    void aFailureThatIsNoRefusalOfRowsEndsTheSearch() {
        List<List<Integer>> attempts = new ArrayList<>();
        RefusedRowSearch.Write<Integer, RuntimeException> readOnly = rows -> {
            attempts.add(rows);
            throw new WarehouseException("table is read-only", false, null);
        };

        assertThatThrownBy(() -> RefusedRowSearch.write(List.of(1, 2, 3, 4), readOnly))
                .hasMessage("table is read-only");
        assertThat(attempts).containsExactly(List.of(1, 2, 3, 4));
    }
}
