package dev.daybook.schemas;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic by its full name, with the serdes of its keys and values: what writing to it or reading from it
 * needs. Get one from the {@link TopicCatalogue}.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** The same topic read and written with other values; for a topic whose records belong to one component. */
    public <W> Topic<K, W> withValueSerde(Serde<W> values) {
        return new Topic<>(name, keySerde, values);
    }

    public byte[] serializeValue(V value) {
        return valueSerde.serializer().serialize(name, value);
    }

    /**
     * @throws org.apache.kafka.common.errors.SerializationException when the bytes are not a valid value
     */
    public V deserializeValue(byte[] data) {
        return valueSerde.deserializer().deserialize(name, data);
    }
}
