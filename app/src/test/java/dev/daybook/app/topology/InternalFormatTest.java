package dev.daybook.app.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.JsonSerde;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The internal keys' bytes are their identity in stores and repartitions: they must not drift between releases. */
class InternalFormatTest {

    private static final LocalDate DAY = LocalDate.parse("2024-04-15");

    @Test
    void keysHaveAFixedCompactForm() {
        BucketKey bucketKey = new BucketKey(DAY, "4974", 137, "0xd1f9");

        assertThat(new String(JsonSerde.of(BucketKey.class).serialize("t", bucketKey), UTF_8))
                .isEqualTo("{\"d\":\"2024-04-15\",\"p\":\"4974\",\"c\":137,\"a\":\"0xd1f9\"}");
        assertThat(new String(JsonSerde.of(DayProject.class).serialize("t", new DayProject(DAY, "0")), UTF_8))
                .isEqualTo("{\"d\":\"2024-04-15\",\"p\":\"0\"}");
    }

    @Test
    void sumsRoundTripWithEveryDigit() {
        Bucket bucket = new Bucket(
                3,
                new BigInteger("123456789012345678901234567890"),
                new BigDecimal("0.100000000000000000000000000001"),
                1_713_175_200_000L);
        JsonSerde<Bucket> serde = JsonSerde.of(Bucket.class);

        assertThat(serde.deserialize("t", serde.serialize("t", bucket))).isEqualTo(bucket);
    }
}
