package dev.daybook.app.topology;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for one internal record (a store's or an internal topic's): a format version byte, then the fields as
 * {@link InternalSerdes} lays them out. Bytes of another version, cut short or with bytes left over fail with a
 * {@link SerializationException} instead of being misread.
 */
final class BinarySerde<T> implements Serde<T> {

    /** The internal records' format; a change that old bytes cannot be read by needs a new one (docs/operations.md). */
    static final byte VERSION = 1;

    /** Writes a record's fields. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T value, DataOutput out) throws IOException;
    }

    /** Reads a record's fields, throwing a runtime exception on bytes that are not one. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ByteBuffer in);
    }

    private final String name;
    private final Writer<T> writer;
    private final Reader<T> reader;

    BinarySerde(String name, Writer<T> writer, Reader<T> reader) {
        this.name = name;
        this.writer = writer;
        this.reader = reader;
    }

    byte[] write(T value) {
        if (value == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("cannot write " + name + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    T read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new SerializationException("not a " + name + " of internal format version " + VERSION
                    + (bytes.length == 0 ? ": no bytes" : ": it starts with " + bytes[0])
                    + "; state written by an older release needs a reset (docs/operations.md)");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            T value = reader.read(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes left over");
            }
            return value;
        } catch (RuntimeException e) {
            throw new SerializationException("not a valid " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> read(bytes);
    }
}
