package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.csv.SequenceDecoder;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveDemoTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);

    @TempDir
    Path events;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void eachTickWritesTheTransactionsSinceThePreviousOneAsTheNextFileOfTheDay() throws Exception {
        LiveDemo demo = new LiveDemo(events, INTERVAL, null, clock);

        demo.tick();
        now.set(now.get().plusSeconds(7));
        demo.tick();

        assertThat(files()).containsExactly("sequence-live-2026-12-06-00000.csv", "sequence-live-2026-12-06-00001.csv");
        assertThat(timestamps("sequence-live-2026-12-06-00000.csv"))
                .isNotEmpty()
                .allSatisfy(ts -> assertThat(ts)
                        .isBetween(
                                Instant.parse("2026-12-06T09:59:55Z").toEpochMilli(),
                                Instant.parse("2026-12-06T10:00:00Z").toEpochMilli() - 1));
        assertThat(timestamps("sequence-live-2026-12-06-00001.csv"))
                .isNotEmpty()
                .allSatisfy(ts -> assertThat(ts)
                        .isBetween(
                                Instant.parse("2026-12-06T10:00:00Z").toEpochMilli(),
                                Instant.parse("2026-12-06T10:00:07Z").toEpochMilli() - 1));
    }

    @Test
    void aRestartContinuesAfterTheLastFileOfTheDayAndANewDayStartsAtItsMidnight() throws Exception {
        new LiveDemo(events, INTERVAL, null, clock).tick();
        byte[] first = Files.readAllBytes(events.resolve("sequence-live-2026-12-06-00000.csv"));

        new LiveDemo(events, INTERVAL, null, clock).tick();
        now.set(Instant.parse("2026-12-07T00:00:02Z"));
        LiveDemo overMidnight = new LiveDemo(events, INTERVAL, null, clock);
        overMidnight.tick();

        assertThat(files())
                .containsExactly(
                        "sequence-live-2026-12-06-00000.csv",
                        "sequence-live-2026-12-06-00001.csv",
                        "sequence-live-2026-12-07-00000.csv");
        assertThat(Files.readAllBytes(events.resolve("sequence-live-2026-12-06-00000.csv")))
                .as("a file already there is not written again")
                .isEqualTo(first);
        assertThat(timestamps("sequence-live-2026-12-07-00000.csv"))
                .allSatisfy(ts -> assertThat(ts)
                        .isGreaterThanOrEqualTo(
                                Instant.parse("2026-12-07T00:00:00Z").toEpochMilli()));
    }

    @Test
    void todaysRatesAreTheBundledDemosLastDayDatedToday() {
        Map<String, Rate> rates = LiveDemo.ratesFor(LocalDate.of(2026, 12, 6));

        assertThat(rates)
                .isNotEmpty()
                .containsKey(Keys.rate("usd-coin", LocalDate.of(2026, 12, 6)))
                .allSatisfy((key, rate) -> assertThat(key).endsWith("2026-12-06"));
    }

    private List<String> files() throws Exception {
        try (Stream<Path> listing = Files.list(events)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<Long> timestamps(String file) throws Exception {
        List<Long> ts = new ArrayList<>();
        Path path = events.resolve(file);
        try (SequenceDecoder decoder =
                SequenceDecoder.open(Files.newInputStream(path), path.toUri().toString(), 0)) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                ts.add(((Decoded.Transaction) d).transaction().ts());
            }
        }
        return ts;
    }
}
