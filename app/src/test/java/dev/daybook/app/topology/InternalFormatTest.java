package dev.daybook.app.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The internal keys' bytes are their identity in stores and repartitions: they must not drift between releases. */
class InternalFormatTest {

    private static final LocalDate DAY = LocalDate.parse("2024-04-15");

    @Test
    void keysHaveAFixedCompactForm() {
        BucketKey bucketKey = new BucketKey(DAY, "4974", 137, "0xd1f9");

        // version 1 | epoch day 19828 (zig-zag varint) | "4974" | chain 137 (zig-zag varint) | "0xd1f9"
        assertThat(HexFormat.of().formatHex(InternalSerdes.BUCKET_KEYS.write(bucketKey)))
                .isEqualTo("01" + "e8b502" + "0434393734" + "9202" + "06307864316639");
        assertThat(HexFormat.of().formatHex(InternalSerdes.DAY_PROJECTS.write(new DayProject(DAY, "0"))))
                .isEqualTo("01" + "e8b502" + "0130");
    }

    @Test
    void sumsRoundTripWithEveryDigit() {
        Bucket bucket = new Bucket(
                3,
                new BigInteger("123456789012345678901234567890"),
                new BigDecimal("0.100000000000000000000000000001"),
                1_713_175_200_000L);

        assertThat(InternalSerdes.BUCKETS.read(InternalSerdes.BUCKETS.write(bucket)))
                .isEqualTo(bucket);
        assertThat(InternalSerdes.BUCKETS.read(InternalSerdes.BUCKETS.write(Bucket.EMPTY)))
                .isEqualTo(Bucket.EMPTY);
    }

    @Test
    void aRecordOfTheEarlierJsonFormatIsRefusedWithTheWayOut() {
        byte[] json = "{\"d\":\"2024-04-15\",\"p\":\"4974\",\"c\":137,\"a\":\"0xd1f9\"}".getBytes(UTF_8);

        assertThatThrownBy(() -> InternalSerdes.BUCKET_KEYS.read(json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format version 1")
                .hasMessageContaining("reset");
    }

    @Test
    void aKeyThatIsNotUnicodeIsRefusedRatherThanMergedWithAnother() {
        BucketKey broken = new BucketKey(DAY, "49\ud80074", 137, "0xd1f9");

        assertThatThrownBy(() -> InternalSerdes.BUCKET_KEYS.write(broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("surrogate");
    }
}
