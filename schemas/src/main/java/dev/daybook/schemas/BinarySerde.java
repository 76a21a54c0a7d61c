package dev.daybook.schemas;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * A serde for a record in a binary form: a format version byte, then the fields as the writer lays them out
 * (with {@link BinaryFields}). Bytes of another version, cut short or with bytes left over fail with a
 * {@link SerializationException} instead of being misread.
 */
public final class BinarySerde<T> implements Serde<T> {

    /** Writes a record's fields. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T value, DataOutput out) throws IOException;
    }

    /** Reads a record's fields, throwing a runtime exception on bytes that are not one. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ByteBuffer in);
    }

    /** Room for a transaction with every column without growing; the stream grows by a tenth at a time. */
    private static final int INITIAL_CAPACITY = 512;

    /** A thread's stream grown past this by a large record is dropped after it, not kept for the thread's life. */
    static final int MAX_KEPT_CAPACITY = 64 * 1024;

    private final String name;
    private final byte version;
    private final Writer<T> writer;
    private final Reader<T> reader;
    /**
     * Each thread's stream, reused: a new one for each record, zeroed and dropped, cost more than writing a small
     * record's fields (docs/benchmarks.md). Not reentrant: a writer must not write a record of the same serde while it
     * writes one.
     */
    private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);

    public BinarySerde(String name, byte version, Writer<T> writer, Reader<T> reader) {
        this.name = name;
        this.version = version;
        this.writer = writer;
        this.reader = reader;
    }

    public byte[] write(T value) {
        if (value == null) {
            return null;
        }
        Output output = outputs.get();
        output.bytes.buffer().clear();
        try {
            output.data.writeByte(version);
            writer.write(value, output.data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("cannot write " + name + ": " + e.getMessage(), e);
        }
        ByteBuffer written = output.bytes.buffer().flip();
        byte[] record = new byte[written.remaining()];
        written.get(record);
        if (written.capacity() > MAX_KEPT_CAPACITY) {
            outputs.remove();
        }
        return record;
    }

    public T read(byte[] bytes) {
        return read(null, bytes);
    }

    /** Reads a record of {@code topic}, which the message of a failure names. */
    public T read(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || bytes[0] != version) {
            throw new SerializationException("not a " + described(topic) + " of format version " + version
                    + (bytes.length == 0 ? ": no bytes" : ": it starts with " + bytes[0])
                    + "; records written by an older release need a reset (docs/operations.md)");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            T value = reader.read(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes left over");
            }
            return value;
        } catch (RuntimeException e) {
            throw new SerializationException("not a valid " + described(topic) + ": " + e.getMessage(), e);
        }
    }

    /** What a failure to read calls the record; built only then, as reading is on every record's path. */
    private String described(String topic) {
        return topic == null ? name : name + " on topic " + topic;
    }

    /** Kafka's stream, unlike ByteArrayOutputStream, takes no lock for each byte a varint writes. */
    private static final class Output {
        private final ByteBufferOutputStream bytes = new ByteBufferOutputStream(INITIAL_CAPACITY);
        private final DataOutputStream data = new DataOutputStream(bytes);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::read;
    }
}
