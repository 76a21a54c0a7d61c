package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.DeduplicationProcessor.EXPIRY_STORE;
import static dev.daybook.app.topology.DeduplicationProcessor.GENERATION;
import static dev.daybook.app.topology.DeduplicationProcessor.SEEN_STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.daybook.schemas.Transaction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expiry index has no changelog of its own: it must be rebuilt from the ids whenever it does not belong to
 * them (state lost and the ids restored, the task run elsewhere meanwhile), and an out-of-date entry must not
 * make the purge forget an id seen again since.
 */
class DeduplicationIndexTest {

    private static final Duration HORIZON = Duration.ofHours(1);
    private static final long H = HORIZON.toMillis();

    private final MockProcessorContext<String, Transaction> context = new MockProcessorContext<>();
    private final KeyValueStore<String, Long> seen = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    private final KeyValueStore<String, String> index = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(EXPIRY_STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    private final Processor<String, Transaction, String, Transaction> processor =
            DeduplicationProcessor.supplier(HORIZON, Duration.ofMinutes(10)).get();

    @BeforeEach
    void stores() {
        seen.init(context.getStateStoreContext(), seen);
        index.init(context.getStateStoreContext(), index);
        context.addStateStore(seen);
        context.addStateStore(index);
    }

    @Test
    void anIndexLostWithTheLocalStateIsRebuiltFromTheRestoredIds() {
        seen.put("a", 100L);
        seen.put("b", 200L);
        seen.put(GENERATION, 42L);
        processor.init(context);

        send("c", 300);

        assertThat(seen.get(GENERATION)).isNotEqualTo(42L);
        assertThat(contents(index))
                .containsOnly(
                        entry(GENERATION, seen.get(GENERATION).toString()),
                        entry(padded(100) + "a", ""),
                        entry(padded(200) + "b", ""),
                        entry(padded(300) + "c", ""));

        purgeAt(100 + H + 1);

        assertThat(contents(seen)).containsOnlyKeys(GENERATION, "b", "c");
        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void anIndexOfAnotherGenerationIsReplaced() {
        seen.put("a", 100L);
        seen.put(GENERATION, 7L);
        index.put(GENERATION, "6");
        index.put(padded(50) + "gone", "");
        processor.init(context);

        purgeAt(0);

        assertThat(contents(index))
                .containsOnly(entry(GENERATION, seen.get(GENERATION).toString()), entry(padded(100) + "a", ""));
    }

    @Test
    void anOutOfDateIndexEntryDoesNotForgetAnIdSeenAgainSince() {
        seen.put("a", 100 + H + 5);
        seen.put(GENERATION, 7L);
        index.put(GENERATION, "7");
        index.put(padded(100) + "a", "");
        index.put(padded(100 + H + 5) + "a", "");
        processor.init(context);

        purgeAt(100 + H + 1);

        assertThat(seen.get("a")).isEqualTo(100 + H + 5);
        assertThat(contents(index)).containsOnlyKeys(GENERATION, padded(100 + H + 5) + "a");
        send("a", 100 + H + 10);
        assertThat(context.forwarded())
                .as("a copy within the horizon of the newer sighting")
                .isEmpty();
    }

    private void send(String eventId, long now) {
        context.setCurrentSystemTimeMs(now);
        processor.process(new Record<>(eventId, transaction(eventId, "2024-04-15T10:00:00Z", "4974", SFL, "1"), 0));
    }

    private void purgeAt(long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    private static String padded(long time) {
        return String.format("%019d", time);
    }

    private static <V> Map<String, V> contents(KeyValueStore<String, V> store) {
        Map<String, V> contents = new LinkedHashMap<>();
        try (var entries = store.all()) {
            entries.forEachRemaining(entry -> contents.put(entry.key, entry.value));
        }
        return contents;
    }
}
