package dev.daybook.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

/**
 * {@code run --once} asks the pre-aggregation's buffer whether it holds sums while the stream threads write it; an
 * answer that cannot be had now is "not yet", never a failure of the run.
 */
class BufferQueryTest {

    private static final KeyValue<Bytes, ValueAndTimestamp<byte[]>> SUM =
            KeyValue.pair(Bytes.wrap(new byte[] {1}), ValueAndTimestamp.make(new byte[] {2}, 0));

    @Test
    void anEmptyBufferHoldsNothingAndOneWithASumHoldsSomething() {
        assertThat(DailyVolumeTopology.holdsNothing(buffer(
                        List.<KeyValue<Bytes, ValueAndTimestamp<byte[]>>>of().iterator())))
                .isTrue();
        assertThat(DailyVolumeTopology.holdsNothing(buffer(List.of(SUM).iterator())))
                .isFalse();
    }

    @Test
    void aSumDeletedWhileTheIteratorLooksAtItIsNotYetKnownToBeGone() {
        // what Streams' peeking iterator over an in-memory store does when the stream thread deletes the entry it
        // found between finding and reading it
        Iterator<KeyValue<Bytes, ValueAndTimestamp<byte[]>>> deletedMeanwhile = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new NoSuchElementException();
            }

            @Override
            public KeyValue<Bytes, ValueAndTimestamp<byte[]>> next() {
                throw new NoSuchElementException();
            }
        };

        assertThat(DailyVolumeTopology.holdsNothing(buffer(deletedMeanwhile))).isFalse();
    }

    private static ReadOnlyKeyValueStore<Bytes, ValueAndTimestamp<byte[]>> buffer(
            Iterator<KeyValue<Bytes, ValueAndTimestamp<byte[]>>> entries) {
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public ValueAndTimestamp<byte[]> get(Bytes key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public KeyValueIterator<Bytes, ValueAndTimestamp<byte[]>> range(Bytes from, Bytes to) {
                throw new UnsupportedOperationException();
            }

            @Override
            public KeyValueIterator<Bytes, ValueAndTimestamp<byte[]>> all() {
                return new KeyValueIterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public KeyValue<Bytes, ValueAndTimestamp<byte[]>> next() {
                        return entries.next();
                    }

                    @Override
                    public void close() {}

                    @Override
                    public Bytes peekNextKey() {
                        throw new UnsupportedOperationException();
                    }
                };
            }

            @Override
            public long approximateNumEntries() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
