package dev.daybook.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionTest {

    @ParameterizedTest
    @CsvSource({
        "2024-04-15T00:00:00.000Z, 2024-04-15",
        "2024-04-15T23:59:59.999Z, 2024-04-15",
        "2024-04-16T00:00:00.000Z, 2024-04-16",
        "1970-01-01T00:00:00.000Z, 1970-01-01",
        "1969-12-31T23:59:59.999Z, 1969-12-31",
        "1969-12-31T00:00:00.000Z, 1969-12-31",
        "1969-12-30T23:59:59.999Z, 1969-12-30"
    })
    void countsInItsUtcDay(Instant time, LocalDate day) {
        assertThat(at(time.toEpochMilli()).day()).isEqualTo(day);
    }

    private static Transaction at(long ts) {
        return new Transaction(
                "e1", ts, "BUY_ITEMS", "4974", 137, "0xabc", null, BigInteger.ONE, null, new SourceRef("f", 0, 2));
    }
}
