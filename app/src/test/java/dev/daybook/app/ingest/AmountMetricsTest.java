package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AmountMetricsTest {

    private static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    private static final String USDC = "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359";
    private static final OptionalInt EIGHTEEN = OptionalInt.of(18);

    private final Logger logger = (Logger) LoggerFactory.getLogger(AmountMetrics.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AmountMetrics metrics = new AmountMetrics(meters);

    @BeforeEach
    void captureLogs() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logged);
    }

    @Test
    void eachCurrencyIsCountedAndWarnedAboutOnceAtItsFirstDisagreement() {
        AmountTally first = new AmountTally();
        first.check(transaction(SFL, "SFL", "364528625334421950", 2), new BigDecimal("0.36452862533442193"), EIGHTEEN);
        first.check(transaction(SFL, "SFL", "700000000000000000", 3), new BigDecimal("700000000000000000"), EIGHTEEN);
        first.check(transaction(USDC, "USDC", "1800000", 4), new BigDecimal("1800000"), OptionalInt.empty());
        AmountTally second = new AmountTally();
        second.check(
                transaction(SFL, "SFL", "2000000000000000000", 9), new BigDecimal("2000000000000000000"), EIGHTEEN);
        second.check(transaction(USDC, "USDC", "1800000", 10), new BigDecimal("1800000"), OptionalInt.of(6));

        metrics.committed(first);
        metrics.committed(second);

        assertThat(disagreements(SFL)).isEqualTo(2);
        assertThat(disagreements(USDC)).isEqualTo(1);
        assertThat(meters.get(AmountMetrics.UNCHECKED).counter().count()).isEqualTo(1);
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "Amounts disagree in currency 137:" + SFL
                                + " (SFL): file:///in/a.csv line 3 has currencyValueRaw"
                                + " 700000000000000000 (that is 0.7 with its 18 decimals) but currencyValueDecimal"
                                + " 700000000000000000. The raw amount is used; further disagreements in this currency are only"
                                + " counted in daybook_amount_disagreements_total",
                        "Amounts disagree in currency 137:" + USDC
                                + " (USDC): file:///in/a.csv line 10 has currencyValueRaw"
                                + " 1800000 (that is 1.8 with its 6 decimals) but currencyValueDecimal 1800000. The raw amount"
                                + " is used; further disagreements in this currency are only counted in daybook_amount_disagreements_total");
    }

    @Test
    void aTrackedCurrencyIsExportedAtZeroUntilItsFirstDisagreement() {
        metrics.track("137:" + USDC);

        assertThat(disagreements(USDC)).isZero();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aTallyAddsUpChunksKeepingEachCurrencysFirstDisagreement() {
        AmountTally chunk = new AmountTally();
        chunk.check(transaction(SFL, "SFL", "700000000000000000", 3), new BigDecimal("700000000000000000"), EIGHTEEN);
        AmountTally later = new AmountTally();
        later.check(transaction(SFL, "SFL", "5", 8), new BigDecimal("5"), EIGHTEEN);
        later.check(transaction(USDC, "USDC", "5", 9), new BigDecimal("5"), OptionalInt.empty());
        AmountTally open = new AmountTally();

        open.add(chunk);
        open.add(later);

        assertThat(open.disagreements()).isEqualTo(2);
        assertThat(open.unchecked()).isEqualTo(1);
        assertThat(open.currencies()).singleElement().satisfies(currency -> {
            assertThat(currency.count()).isEqualTo(2);
            assertThat(currency.first().transaction().source().line()).isEqualTo(3);
        });
        open.clear();
        assertThat(open.disagreements()).isZero();
        assertThat(open.currencies()).isEmpty();
    }

    private double disagreements(String address) {
        return meters.get(AmountMetrics.DISAGREEMENTS)
                .tag("chain_id", "137")
                .tag("currency_address", address)
                .counter()
                .count();
    }

    private static Transaction transaction(String address, String symbol, String raw, long line) {
        return new Transaction(
                "0123456789abcdef0123456789abcdef",
                1_713_147_307_167L,
                "BUY_ITEMS",
                "4974",
                137,
                address,
                symbol,
                new BigInteger(raw),
                null,
                new SourceRef("file:///in/a.csv", 0, line));
    }
}
