package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.DeduplicationProcessor.BATCH_IDS;
import static dev.daybook.app.topology.DeduplicationProcessor.GENERATION;
import static dev.daybook.app.topology.DeduplicationProcessor.LOG_STORE;
import static dev.daybook.app.topology.DeduplicationProcessor.SEEN_STORE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.Transaction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ids are logged in batches and looked up in a store without a changelog: the lookup must be rebuilt from the
 * log whenever it does not belong to it (state lost and the log restored, the task run elsewhere meanwhile, ids
 * never committed), and a batch out of date must not make the purge forget an id seen again since.
 */
class DeduplicationLogTest {

    private static final Duration HORIZON = Duration.ofHours(1);
    private static final long H = HORIZON.toMillis();

    private final MockProcessorContext<String, Transaction> context = new MockProcessorContext<>();
    private final EventIdKeys keys = new EventIdKeys();
    private final KeyValueStore<Bytes, Long> seen = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(SEEN_STORE), Serdes.Bytes(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    private final KeyValueStore<Bytes, byte[]> log = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(LOG_STORE), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    private final Processor<String, Transaction, String, Transaction> processor =
            DeduplicationProcessor.supplier(HORIZON, Duration.ofMinutes(10)).get();

    @BeforeEach
    void stores() {
        seen.init(context.getStateStoreContext(), seen);
        log.init(context.getStateStoreContext(), log);
        context.addStateStore(seen);
        context.addStateStore(log);
    }

    @Test
    void idsAreLoggedInBatchesOfAtMostBatchIdsAndAPurgeClosesTheOpenOne() {
        processor.init(context);
        for (int i = 0; i < 2 * BATCH_IDS + 1; i++) {
            send("id" + i, 1_000 + i);
        }
        purgeAt(2_000);
        send("after-purge", 2_001);

        Map<Bytes, byte[]> batches = contents(log);
        batches.remove(GENERATION);
        assertThat(batches.keySet())
                .containsExactly(
                        batchKey(1_000, "id0"),
                        batchKey(1_000 + BATCH_IDS, "id" + BATCH_IDS),
                        batchKey(1_000 + 2 * BATCH_IDS, "id" + 2 * BATCH_IDS),
                        batchKey(2_001, "after-purge"));
        List<Map.Entry<Bytes, Long>> first = new ArrayList<>();
        SeenBatch.forEach(batches.get(batchKey(1_000, "id0")), (id, time) -> first.add(Map.entry(id, time)));
        assertThat(first).hasSize(BATCH_IDS).startsWith(Map.entry(id("id0"), 1_000L));
        assertThat(first.get(BATCH_IDS - 1)).isEqualTo(Map.entry(id("id" + (BATCH_IDS - 1)), 1_000L + BATCH_IDS - 1));
        assertThat(context.forwarded()).hasSize(2 * BATCH_IDS + 2);
    }

    @Test
    void withoutTheRecordCacheEachIdIsABatch() {
        Properties config = new Properties();
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        MockProcessorContext<String, Transaction> uncached = new MockProcessorContext<>(config);
        uncached.addStateStore(seen);
        uncached.addStateStore(log);
        processor.init(uncached);

        for (String eventId : List.of("a", "b", "c")) {
            send(uncached, eventId, 100);
        }

        assertThat(contents(log))
                .containsOnlyKeys(GENERATION, batchKey(100, "a"), batchKey(100, "b"), batchKey(100, "c"));
    }

    @Test
    void aLookupLostWithTheLocalStateIsRebuiltFromTheRestoredLog() {
        log.put(batchKey(100, "a"), batch(100, "a", 200, "b"));
        log.put(GENERATION, generation(42));
        processor.init(context);

        send("b", 250);
        send("c", 300);

        assertThat(seen.get(GENERATION))
                .isNotEqualTo(42L)
                .isEqualTo(ByteBuffer.wrap(log.get(GENERATION)).getLong());
        assertThat(contents(seen))
                .containsOnlyKeys(GENERATION, id("a"), id("b"), id("c"))
                .containsEntry(id("b"), 200L);
        assertThat(context.forwarded()).as("b is a copy within the horizon").hasSize(1);

        purgeAt(300 + H + 1);

        assertThat(contents(seen)).containsOnlyKeys(GENERATION);
        assertThat(contents(log)).containsOnlyKeys(GENERATION);
    }

    @Test
    void idsTheLogNeverGotAreForgotten() {
        // the process stopped before the commit that would have written c's batch: c's transaction is read again
        log.put(batchKey(100, "a"), batch(100, "a"));
        log.put(GENERATION, generation(7));
        seen.put(id("a"), 100L);
        seen.put(id("c"), 150L);
        seen.put(GENERATION, 8L);
        processor.init(context);

        send("c", 160);

        assertThat(context.forwarded()).hasSize(1);
        assertThat(contents(seen))
                .containsOnlyKeys(GENERATION, id("a"), id("c"))
                .containsEntry(id("c"), 160L);
    }

    @Test
    void aTaskRevivedOnTheSameProcessorRebuildsTheLookupItsStateLost() {
        processor.init(context);
        send("a", 100);
        // Kafka Streams wipes a corrupted task's state, restores the logged stores and initialises the same processor
        // again
        try (var ids = seen.all()) {
            ids.forEachRemaining(entry -> seen.delete(entry.key));
        }
        processor.init(context);

        send("a", 200);

        assertThat(context.forwarded()).as("a copy within the horizon").hasSize(1);
    }

    @Test
    void anOutOfDateBatchDoesNotForgetAnIdSeenAgainSince() {
        log.put(batchKey(100, "a"), batch(100, "a"));
        log.put(batchKey(100 + H + 5, "a"), batch(100 + H + 5, "a"));
        log.put(GENERATION, generation(7));
        seen.put(id("a"), 100 + H + 5);
        seen.put(GENERATION, 7L);
        processor.init(context);

        purgeAt(100 + H + 1);

        assertThat(seen.get(id("a"))).isEqualTo(100 + H + 5);
        assertThat(contents(log)).containsOnlyKeys(GENERATION, batchKey(100 + H + 5, "a"));
        send("a", 100 + H + 10);
        assertThat(context.forwarded())
                .as("a copy within the horizon of the newer sighting")
                .isEmpty();
    }

    @Test
    void aBatchGoesOnlyOnceItsLastIdExpired() {
        processor.init(context);
        send("a", 100);
        send("b", 100 + H / 2);

        purgeAt(100 + H + 1);

        assertThat(contents(seen)).containsOnlyKeys(GENERATION, id("a"), id("b"));
        send("a", 100 + H + 2);
        assertThat(context.forwarded()).as("a counts again after its horizon").hasSize(3);

        purgeAt(100 + H / 2 + H + 1);

        assertThat(contents(seen)).containsOnlyKeys(GENERATION, id("a")).containsEntry(id("a"), 100 + H + 2);
        assertThat(contents(log)).containsOnlyKeys(GENERATION, batchKey(100 + H + 2, "a"));
    }

    private void send(String eventId, long now) {
        send(context, eventId, now);
    }

    private void send(MockProcessorContext<String, Transaction> at, String eventId, long now) {
        at.setCurrentSystemTimeMs(now);
        processor.process(new Record<>(eventId, transaction(eventId, "2024-04-15T10:00:00Z", "4974", SFL, "1"), 0));
    }

    private void purgeAt(long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    private Bytes id(String eventId) {
        return keys.of(eventId);
    }

    private Bytes batchKey(long firstSeen, String firstId) {
        return new SeenBatch(id(firstId), firstSeen, 1).key();
    }

    /** A batch's value: pairs of (first seen, event id). */
    private byte[] batch(Object... pairs) {
        SeenBatch batch = new SeenBatch(id((String) pairs[1]), ((Number) pairs[0]).longValue(), pairs.length / 2);
        for (int i = 2; i < pairs.length; i += 2) {
            batch.add(id((String) pairs[i + 1]), ((Number) pairs[i]).longValue());
        }
        return batch.value();
    }

    private static byte[] generation(long generation) {
        return ByteBuffer.allocate(Long.BYTES).putLong(generation).array();
    }

    private static <V> Map<Bytes, V> contents(KeyValueStore<Bytes, V> store) {
        Map<Bytes, V> contents = new LinkedHashMap<>();
        try (var entries = store.all()) {
            entries.forEachRemaining(entry -> contents.put(entry.key, entry.value));
        }
        return contents;
    }
}
