package dev.daybook.app.ingest;

import dev.daybook.connectors.source.KnownFingerprints;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.Topic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's local copy of {@code ingest-progress}, in a RocksDB database under {@code <state-dir>/ingest}, so that
 * neither the memory nor the start-up of the ingester grows with the number of objects ever ingested: the latest
 * progress of every object version (by id), the furthest progress of every content ({@code uri}, fingerprint), and
 * up to which offset of each partition of which topic it holds the records. A start reads the topic from there on.
 * It also keeps the {@link IngestTotals} of the latest progress of every object version, so that the totals of all
 * runs need no reading of the whole topic either.
 *
 * <p>It is a cache of the topic and nothing else: deleted, or built from another topic than the one the ingester now
 * reads (another name, or the same name re-created), or in another {@link #FORMAT}, it is emptied and rebuilt from the
 * topic's beginning. Applying a record again is harmless (the latest record per id wins, the furthest per content),
 * so the offsets are written after the records they cover and a crash between the two only re-reads a few records.
 *
 * <p>It also remembers the content fingerprints of local files by object version and size ({@link KnownFingerprints}),
 * so that a restart does not hash every file of a directory again. Thread-safe.
 */
public final class ProgressIndex implements KnownFingerprints, AutoCloseable {

    /** The layout of the keys and values below; a database in another is rebuilt. */
    static final int FORMAT = 2;

    private static final Logger log = LoggerFactory.getLogger(ProgressIndex.class);

    /** A memtable a tenth of RocksDB's default: the index holds a few hundred bytes per object version. */
    private static final long WRITE_BUFFER_BYTES = 8L << 20;

    private static final byte BY_ID = 'i';
    private static final byte BY_CONTENT = 'c';
    private static final byte OFFSET = 'o';
    private static final byte FINGERPRINT = 'f';
    private static final byte[] FORMAT_KEY = "mformat".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOPIC_KEY = "mtopic".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOTALS_KEY = "mtotals".getBytes(StandardCharsets.UTF_8);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Topic<String, IngestProgress> topic;
    private final Options options;
    /**
     * Without a write-ahead log: a crash loses what was written since the last flush, offsets included, so the next
     * start reads those records from the topic again; {@link #close} flushes.
     */
    private final WriteOptions writes = new WriteOptions().setDisableWAL(true);

    private RocksDB db;

    private ProgressIndex(Path dir, Topic<String, IngestProgress> topic, Options options, RocksDB db) {
        this.dir = dir;
        this.topic = topic;
        this.options = options;
        this.db = db;
    }

    /**
     * Opens the index in {@code dir}, creating it if missing and emptying it if it is in another format or cannot be
     * read.
     *
     * @param topic the progress topic, whose value format the index stores
     * @throws IngestFailedException with a one-line message when another process has the index open
     */
    public static ProgressIndex open(Path dir, Topic<String, IngestProgress> topic) {
        Options options =
                new Options().setCreateIfMissing(true).setKeepLogFileNum(2).setWriteBufferSize(WRITE_BUFFER_BYTES);
        try {
            Files.createDirectories(dir);
            ProgressIndex index = new ProgressIndex(dir, topic, options, openOrRebuild(dir, options));
            index.requireFormat();
            return index;
        } catch (IOException e) {
            options.close();
            throw new IngestFailedException("cannot create " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static RocksDB openOrRebuild(Path dir, Options options) {
        try {
            return RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
            if (code == Status.Code.IOError
                    && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("lock")) {
                throw new IngestFailedException(
                        "another Daybook process uses the ingest progress index in " + dir
                                + ": give each process its own --state-dir",
                        e);
            }
            if (code != Status.Code.Corruption) {
                throw new IngestFailedException(
                        "cannot open the ingest progress index in " + dir + ": " + e.getMessage(), e);
            }
            log.warn(
                    "The ingest progress index in {} is corrupt ({}); rebuilding it from the topic",
                    dir,
                    e.getMessage());
            delete(dir);
            try {
                return RocksDB.open(options, dir.toString());
            } catch (RocksDBException again) {
                throw new IngestFailedException(
                        "cannot open the ingest progress index in " + dir + ": " + again.getMessage(), again);
            }
        }
    }

    private void requireFormat() {
        byte[] stored = get(FORMAT_KEY);
        if (stored != null && ByteBuffer.wrap(stored).getInt() == FORMAT) {
            return;
        }
        if (stored != null || hasAnyKey()) {
            log.info("The ingest progress index in {} is in another format; rebuilding it from the topic", dir);
            clear();
        }
        put(FORMAT_KEY, ByteBuffer.allocate(Integer.BYTES).putInt(FORMAT).array());
    }

    /** The progress topic the index holds the records of. */
    Topic<String, IngestProgress> topic() {
        return topic;
    }

    /**
     * Makes sure the index holds the records of this topic: when it was built from another topic, or from this name
     * before the topic was created again, it is emptied, to be built from the topic's beginning.
     *
     * @param topicId the topic's id in the cluster, which changes when the topic is deleted and created again
     */
    synchronized void bindTo(String topicId) {
        byte[] identity = (topic.name() + '\n' + topicId).getBytes(StandardCharsets.UTF_8);
        byte[] stored = get(TOPIC_KEY);
        if (Arrays.equals(stored, identity)) {
            return;
        }
        if (stored != null) {
            log.info(
                    "The ingest progress index in {} was built from another {}; rebuilding it from the topic",
                    dir,
                    topic.name());
            clear();
            put(FORMAT_KEY, ByteBuffer.allocate(Integer.BYTES).putInt(FORMAT).array());
        }
        put(TOPIC_KEY, identity);
    }

    /**
     * Where to read the topic from to bring the index up to date: the next offset of each partition the index holds
     * the records of; a partition not in it is read from its beginning.
     */
    synchronized Map<Integer, Long> offsets() {
        Map<Integer, Long> offsets = new HashMap<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {OFFSET}); it.isValid() && it.key()[0] == OFFSET; it.next()) {
                offsets.put(
                        ByteBuffer.wrap(it.key(), 1, Integer.BYTES).getInt(),
                        ByteBuffer.wrap(it.value()).getLong());
            }
        }
        return Map.copyOf(offsets);
    }

    /** Records that the index holds every record of the partition before {@code nextOffset}. */
    synchronized void readUpTo(int partition, long nextOffset) {
        put(
                offsetKey(partition),
                ByteBuffer.allocate(Long.BYTES).putLong(nextOffset).array());
    }

    /** The latest progress of the object version, or null. */
    synchronized IngestProgress byId(String objectId) {
        return value(get(key(BY_ID, objectId)));
    }

    /** Of the versions of {@code uri} with this content, the progress furthest along (DONE first), or null. */
    synchronized IngestProgress byContent(String uri, String fingerprint) {
        return value(get(contentKey(uri, fingerprint)));
    }

    /**
     * Makes each progress the latest of its object version, and, unless it is FAILED (a failure is no fact about the
     * content), of its content if it is further along than what the index has; all in one write.
     */
    synchronized void putAll(Collection<IngestProgress> progresses) {
        Map<String, Encoded> contents = new HashMap<>();
        Map<String, IngestProgress> latest = new HashMap<>();
        IngestTotals totals = totals();
        try (WriteBatch batch = new WriteBatch()) {
            for (IngestProgress progress : progresses) {
                Encoded encoded = new Encoded(progress, topic.serializeValue(progress));
                IngestProgress replaced = latest.containsKey(progress.objectId())
                        ? latest.get(progress.objectId())
                        : byId(progress.objectId());
                totals = totals.plus(IngestTotals.of(progress)).minus(counted(replaced));
                latest.put(progress.objectId(), progress);
                batch.put(key(BY_ID, progress.objectId()), encoded.value());
                if (progress.state() != IngestProgress.State.FAILED) {
                    String content = progress.uri() + '\n' + progress.fingerprint();
                    Encoded known = contents.containsKey(content) ? contents.get(content) : stored(content);
                    if (known == null || encoded.isAsFarAs(known)) {
                        batch.put(key(BY_CONTENT, content), encoded.value());
                        contents.put(content, encoded);
                    }
                }
            }
            batch.put(TOTALS_KEY, encode(totals));
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw failed("write", e);
        }
    }

    private Encoded stored(String content) {
        byte[] value = get(key(BY_CONTENT, content));
        return value == null ? null : new Encoded(topic.deserializeValue(value), value);
    }

    void put(IngestProgress progress) {
        putAll(List.of(progress));
    }

    /**
     * Takes a record of the topic in: a tombstone forgets its object version's latest progress (its content stays
     * known); a record the index holds already, such as one this process wrote and {@link #put} as its transaction
     * committed, changes nothing and is not even decoded.
     *
     * @throws org.apache.kafka.common.errors.SerializationException when the value is not a progress record
     */
    synchronized void apply(String objectId, byte[] value) {
        if (value == null) {
            IngestProgress forgotten = objectId == null ? null : byId(objectId);
            if (forgotten != null) {
                try (WriteBatch batch = new WriteBatch()) {
                    batch.delete(key(BY_ID, objectId));
                    batch.put(TOTALS_KEY, encode(totals().minus(IngestTotals.of(forgotten))));
                    db.write(writes, batch);
                } catch (RocksDBException e) {
                    throw failed("write", e);
                }
            }
            return;
        }
        if (objectId != null && Arrays.equals(get(key(BY_ID, objectId)), value)) {
            return;
        }
        put(topic.deserializeValue(value));
    }

    /** The totals of the latest progress of every object version the index holds. */
    synchronized IngestTotals totals() {
        byte[] stored = get(TOTALS_KEY);
        if (stored == null) {
            return IngestTotals.NONE;
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        return new IngestTotals(
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong());
    }

    private static byte[] encode(IngestTotals totals) {
        return ByteBuffer.allocate(8 * Long.BYTES)
                .putLong(totals.objects())
                .putLong(totals.objectsFailed())
                .putLong(totals.rowsRead())
                .putLong(totals.transactions())
                .putLong(totals.skipped())
                .putLong(totals.malformed())
                .putLong(totals.amountDisagreements())
                .putLong(totals.amountUnchecked())
                .array();
    }

    private static IngestTotals counted(IngestProgress progress) {
        return progress == null ? IngestTotals.NONE : IngestTotals.of(progress);
    }

    @Override
    public synchronized Optional<String> fingerprint(String objectId, long size) {
        byte[] stored = get(key(FINGERPRINT, objectId));
        if (stored == null || ByteBuffer.wrap(stored).getLong() != size) {
            return Optional.empty();
        }
        return Optional.of(new String(stored, Long.BYTES, stored.length - Long.BYTES, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void remember(String objectId, long size, String fingerprint) {
        byte[] text = fingerprint.getBytes(StandardCharsets.UTF_8);
        put(
                key(FINGERPRINT, objectId),
                ByteBuffer.allocate(Long.BYTES + text.length)
                        .putLong(size)
                        .put(text)
                        .array());
    }

    @Override
    public synchronized void close() {
        if (db != null) {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
            } catch (RocksDBException e) {
                log.warn(
                        "The ingest progress index in {} could not be written to disk ({}); the next start rebuilds"
                                + " what it lost from the topic",
                        dir,
                        e.getMessage());
            }
            db.close();
            db = null;
        }
        writes.close();
        options.close();
    }

    /** A progress record and the bytes it is stored as (a class: a record would compare the array by reference). */
    private static final class Encoded {

        private final IngestProgress progress;
        private final byte[] value;

        Encoded(IngestProgress progress, byte[] value) {
            this.progress = progress;
            this.value = value;
        }

        byte[] value() {
            return value;
        }

        /**
         * Whether this record has got at least as far as {@code known}: DONE before IN_PROGRESS, then by offset, and
         * between records equally far by their bytes, so that which of them a content keeps does not depend on the
         * order they came in, nor on a record being applied twice.
         */
        boolean isAsFarAs(Encoded known) {
            if (progress.state() != known.progress.state()) {
                return progress.state() == IngestProgress.State.DONE;
            }
            if (progress.byteOffset() != known.progress.byteOffset()) {
                return progress.byteOffset() > known.progress.byteOffset();
            }
            return Arrays.compare(value, known.value) >= 0;
        }
    }

    private IngestProgress value(byte[] bytes) {
        return bytes == null ? null : topic.deserializeValue(bytes);
    }

    private byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw failed("read", e);
        }
    }

    private void put(byte[] key, byte[] value) {
        try {
            db.put(writes, key, value);
        } catch (RocksDBException e) {
            throw failed("write", e);
        }
    }

    private boolean hasAnyKey() {
        try (RocksIterator it = db.newIterator()) {
            it.seekToFirst();
            return it.isValid();
        }
    }

    /** Empties the database by creating it anew: quicker than deleting every key, and it gives the space back. */
    private void clear() {
        db.close();
        delete(dir);
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(options, dir.toString());
        } catch (IOException e) {
            throw new IngestFailedException("cannot create " + dir + ": " + e.getMessage(), e);
        } catch (RocksDBException e) {
            throw failed("create", e);
        }
    }

    private IngestFailedException failed(String what, RocksDBException e) {
        return new IngestFailedException(
                "cannot " + what + " the ingest progress index in " + dir + ": " + e.getMessage(), e);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new IngestFailedException("cannot delete the ingest progress index in " + dir + ": " + e, e);
        }
    }

    private static byte[] offsetKey(int partition) {
        return ByteBuffer.allocate(1 + Integer.BYTES)
                .put(OFFSET)
                .putInt(partition)
                .array();
    }

    private static byte[] key(byte kind, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + bytes.length).put(kind).put(bytes).array();
    }

    private static byte[] contentKey(String uri, String fingerprint) {
        return key(BY_CONTENT, uri + '\n' + fingerprint);
    }
}
