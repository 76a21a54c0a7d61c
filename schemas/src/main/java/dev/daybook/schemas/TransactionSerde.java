package dev.daybook.schemas;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the {@code transactions} topic's values: writes {@link TransactionBinary}'s form and reads it, and
 * reads a JSON document too ({@link TransactionJson}): what an earlier release wrote, and what a producer of its own
 * may write to the topic's JSON schema. The first byte tells them apart: the binary form's version cannot start
 * JSON.
 */
public final class TransactionSerde implements Serde<Transaction> {

    public byte[] serialize(String topic, Transaction transaction) {
        return TransactionBinary.SERDE.write(transaction);
    }

    public Transaction deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == TransactionBinary.VERSION) {
            return TransactionBinary.SERDE.read(topic, data);
        }
        return TransactionJson.read(topic, data);
    }

    @Override
    public Serializer<Transaction> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<Transaction> deserializer() {
        return this::deserialize;
    }
}
