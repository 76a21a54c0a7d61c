package dev.daybook.schemas;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the {@code transactions} topic's reader, binary and JSON: any bytes read as a
 * transaction that writes back to itself, or fail as a serialization error. Without {@code JAZZER_FUZZ} set this
 * replays what it has found.
 */
class TransactionSerdeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyBytesReadBackOrFailAsASerializationError(byte[] bytes) {
        TransactionSerdeTest.readBack(new TransactionSerde(), bytes);
    }
}
