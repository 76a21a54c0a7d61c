package dev.daybook.app.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Event ids admitted one after another, each with the time it was first seen, as one record of
 * {@value DeduplicationProcessor#LOG_STORE}: a value of 24-byte entries (the id's 16 bytes, then the millis as 8
 * big-endian bytes) under a key that sorts by the batch's first time (its millis as 8 big-endian bytes, then its
 * first id, which makes the key unique: an id is admitted once per horizon).
 */
final class SeenBatch {

    static final int ENTRY_BYTES = EventIdKeys.LENGTH + Long.BYTES;

    private final Bytes key;
    private final byte[] entries;
    private int size;

    SeenBatch(Bytes firstId, long firstSeen, int capacity) {
        this.key = Bytes.wrap(ByteBuffer.allocate(Long.BYTES + EventIdKeys.LENGTH)
                .putLong(firstSeen)
                .put(firstId.get())
                .array());
        this.entries = new byte[capacity * ENTRY_BYTES];
        add(firstId, firstSeen);
    }

    /** The key of a batch that starts at {@code time}, before that of every batch starting later. */
    static Bytes startingAt(long time) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(time).array());
    }

    Bytes key() {
        return key;
    }

    boolean full() {
        return size * ENTRY_BYTES == entries.length;
    }

    void add(Bytes id, long firstSeen) {
        ByteBuffer.wrap(entries, size * ENTRY_BYTES, ENTRY_BYTES).put(id.get()).putLong(firstSeen);
        size++;
    }

    /** The value as it stands: a copy, since the store keeps what it is given. */
    byte[] value() {
        return Arrays.copyOf(entries, size * ENTRY_BYTES);
    }

    /** Each (id, first seen) of a batch's value, in the order they were admitted. */
    static void forEach(byte[] value, Entry action) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        while (buffer.remaining() >= ENTRY_BYTES) {
            byte[] id = new byte[EventIdKeys.LENGTH];
            buffer.get(id);
            action.accept(Bytes.wrap(id), buffer.getLong());
        }
    }

    /** How many ids a batch's value holds. */
    static int size(byte[] value) {
        return value.length / ENTRY_BYTES;
    }

    /** The latest first-seen time of a batch's value. */
    static long latest(byte[] value) {
        long latest = Long.MIN_VALUE;
        for (int at = EventIdKeys.LENGTH; at + Long.BYTES <= value.length; at += ENTRY_BYTES) {
            latest = Math.max(latest, ByteBuffer.wrap(value, at, Long.BYTES).getLong());
        }
        return latest;
    }

    @FunctionalInterface
    interface Entry {
        void accept(Bytes id, long firstSeen);
    }
}
