package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.DeduplicationProcessor.EXPIRY_STORE;
import static dev.daybook.app.topology.DeduplicationProcessor.GENERATION;
import static dev.daybook.app.topology.DeduplicationProcessor.SEEN_STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.daybook.schemas.Transaction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
    private final EventIdKeys keys = new EventIdKeys();
    private final KeyValueStore<Bytes, Long> seen = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(SEEN_STORE), Serdes.Bytes(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    private final KeyValueStore<Bytes, byte[]> index = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(EXPIRY_STORE), Serdes.Bytes(), Serdes.ByteArray())
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
        seen.put(id("a"), 100L);
        seen.put(id("b"), 200L);
        seen.put(GENERATION, 42L);
        processor.init(context);

        send("c", 300);

        assertThat(seen.get(GENERATION)).isNotEqualTo(42L);
        assertIndexOfTheCurrentGeneration(entry(100L, "a"), entry(200L, "b"), entry(300L, "c"));

        purgeAt(100 + H + 1);

        assertThat(contents(seen)).containsOnlyKeys(GENERATION, id("b"), id("c"));
        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void anIndexOfAnotherGenerationIsReplaced() {
        seen.put(id("a"), 100L);
        seen.put(GENERATION, 7L);
        index.put(GENERATION, generation(6));
        index.put(DeduplicationProcessor.expiryKey(50, id("gone")), new byte[0]);
        processor.init(context);

        purgeAt(0);

        assertIndexOfTheCurrentGeneration(entry(100L, "a"));
    }

    @Test
    void aTaskRevivedOnTheSameProcessorRebuildsTheIndexItsStateLost() {
        processor.init(context);
        send("a", 100);
        // Kafka Streams wipes a corrupted task's state, restores the logged stores and initialises the same processor
        // again
        try (var entries = index.all()) {
            entries.forEachRemaining(entry -> index.delete(entry.key));
        }
        processor.init(context);

        purgeAt(100 + H + 1);

        assertThat(contents(seen)).containsOnlyKeys(GENERATION);
    }

    @Test
    void anOutOfDateIndexEntryDoesNotForgetAnIdSeenAgainSince() {
        seen.put(id("a"), 100 + H + 5);
        seen.put(GENERATION, 7L);
        index.put(GENERATION, generation(7));
        index.put(DeduplicationProcessor.expiryKey(100, id("a")), new byte[0]);
        index.put(DeduplicationProcessor.expiryKey(100 + H + 5, id("a")), new byte[0]);
        processor.init(context);

        purgeAt(100 + H + 1);

        assertThat(seen.get(id("a"))).isEqualTo(100 + H + 5);
        assertThat(contents(index))
                .containsOnlyKeys(GENERATION, DeduplicationProcessor.expiryKey(100 + H + 5, id("a")));
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

    private Bytes id(String eventId) {
        return keys.of(eventId);
    }

    private static byte[] generation(long generation) {
        return ByteBuffer.allocate(Long.BYTES).putLong(generation).array();
    }

    /** The index holds the generation {@code seen} holds, and an entry (first seen, event id) for each of {@code ids}. */
    @SafeVarargs
    private void assertIndexOfTheCurrentGeneration(Map.Entry<Long, String>... ids) {
        Map<Bytes, byte[]> contents = contents(index);
        assertThat(contents.get(GENERATION)).isEqualTo(generation(seen.get(GENERATION)));
        List<Bytes> expected = new ArrayList<>(List.of(GENERATION));
        for (Map.Entry<Long, String> entry : ids) {
            expected.add(DeduplicationProcessor.expiryKey(entry.getKey(), id(entry.getValue())));
        }
        assertThat(contents.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static <V> Map<Bytes, V> contents(KeyValueStore<Bytes, V> store) {
        Map<Bytes, V> contents = new LinkedHashMap<>();
        try (var entries = store.all()) {
            entries.forEachRemaining(entry -> contents.put(entry.key, entry.value));
        }
        return contents;
    }
}
