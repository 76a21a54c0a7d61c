package dev.daybook.connectors.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.csv.SequenceDecoder;
import dev.daybook.connectors.reference.BundledReference;
import dev.daybook.connectors.reference.TokenRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

class LiveRowsTest {

    private static final Set<String> KNOWN_CURRENCIES =
            BundledReference.tokens().stream().map(TokenRow::key).collect(Collectors.toSet());
    private static final Instant NOON = Instant.parse("2026-12-06T12:00:00Z");

    private Path dir;

    @BeforeProperty
    void createDir() throws IOException {
        dir = Files.createTempDirectory("live-rows");
    }

    @AfterProperty
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property(tries = 50)
    void everyRowDecodesToADistinctPricedTransactionInsideTheWindowInTimeOrder(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int rows,
            @ForAll @LongRange(min = 1, max = 3_600_000) long windowMillis)
            throws Exception {
        Instant from = NOON.minusMillis(windowMillis);

        Path file = LiveRows.write(dir, "live.csv", seed, rows, from, NOON);

        List<dev.daybook.schemas.Transaction> decoded = decode(file);
        assertThat(decoded).hasSize(rows);
        assertThat(decoded).extracting(t -> t.eventId()).doesNotHaveDuplicates();
        assertThat(decoded).allSatisfy(t -> {
            assertThat(t.ts()).isBetween(from.toEpochMilli(), NOON.toEpochMilli() - 1);
            assertThat(KNOWN_CURRENCIES).contains(t.chainId() + ":" + t.currencyAddress());
            assertThat(t.amountRaw()).isNotNull();
        });
        assertThat(decoded).extracting(t -> t.ts()).isSorted();
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("live.csv");
        }
    }

    @Property(tries = 20)
    void theSameSeedAndWindowGiveTheSameBytesAndAnotherSeedOthers(@ForAll long seed) throws IOException {
        Instant from = NOON.minusSeconds(5);
        byte[] first = Files.readAllBytes(LiveRows.write(dir, "a.csv", seed, 10, from, NOON));
        byte[] again = Files.readAllBytes(LiveRows.write(dir, "b.csv", seed, 10, from, NOON));
        byte[] other = Files.readAllBytes(LiveRows.write(dir, "c.csv", seed + 1, 10, from, NOON));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Property(tries = 5)
    void refusesAnEmptyWindowOrNoRows(@ForAll @IntRange(min = -3, max = 0) int rows) {
        assertThatThrownBy(() -> LiveRows.write(dir, "x.csv", 1, rows, NOON.minusSeconds(1), NOON))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiveRows.write(dir, "x.csv", 1, 1, NOON, NOON))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<dev.daybook.schemas.Transaction> decode(Path file) throws Exception {
        List<dev.daybook.schemas.Transaction> transactions = new ArrayList<>();
        try (SequenceDecoder decoder =
                SequenceDecoder.open(Files.newInputStream(file), file.toUri().toString(), 0)) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                assertThat(d).isInstanceOf(Decoded.Transaction.class);
                transactions.add(((Decoded.Transaction) d).transaction());
            }
        }
        return transactions;
    }
}
