package dev.daybook.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Each thread reuses its stream: a record's bytes must not depend on what the thread wrote before. */
class BinarySerdeTest {

    private static final BinarySerde<String> TEXT = new BinarySerde<>(
            "Text",
            (byte) 1,
            (value, out) -> {
                if (value.startsWith("bad")) {
                    out.writeUTF("half of it");
                    throw new IllegalArgumentException("no " + value);
                }
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                out.writeInt(bytes.length);
                out.write(bytes);
            },
            in -> {
                byte[] bytes = new byte[in.getInt()];
                in.get(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            });

    @Test
    void aRecordWrittenAfterALargerOneHasItsOwnBytesOnly() {
        TEXT.write("x".repeat(10_000));

        assertThat(TEXT.write("ab")).containsExactly(1, 0, 0, 0, 2, 'a', 'b');
    }

    @Test
    void aRecordWrittenAfterAFailedOneHasItsOwnBytesOnly() {
        assertThatThrownBy(() -> TEXT.write("bad record"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot write Text: no bad record");

        assertThat(TEXT.write("ab")).containsExactly(1, 0, 0, 0, 2, 'a', 'b');
    }

    @Test
    void aRecordLargerThanWhatAThreadKeepsIsWrittenWholeAndSoIsTheNext() {
        String large = "y".repeat(BinarySerde.MAX_KEPT_CAPACITY * 2);

        assertThat(TEXT.read(TEXT.write(large))).isEqualTo(large);
        assertThat(TEXT.read(TEXT.write("after"))).isEqualTo("after");
    }

    @Test
    void threadsWritingAtOnceEachGetTheirOwnRecords() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                String prefix = "thread " + thread + " record ";
                Callable<Boolean> writes = () -> {
                    for (int i = 0; i < 20_000; i++) {
                        String value = prefix + i;
                        if (!TEXT.read(TEXT.write(value)).equals(value)) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(threads.submit(writes));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
