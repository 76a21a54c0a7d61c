package dev.daybook.app.topology;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.daybook.schemas.BinarySerde;

/**
 * Coverage-guided fuzzing of the internal records' readers: any bytes read as a record that writes back to
 * itself, or fail as a serialization error. Without {@code JAZZER_FUZZ} set this replays what it has found.
 */
class InternalSerdesFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyBytesReadBackOrFailAsASerializationError(FuzzedDataProvider data) {
        BinarySerde<?> serde =
                InternalSerdesPropertyTest.SERDES.get(data.consumeInt(0, InternalSerdesPropertyTest.SERDES.size() - 1));
        InternalSerdesPropertyTest.readBack(serde, data.consumeRemainingAsBytes());
    }
}
