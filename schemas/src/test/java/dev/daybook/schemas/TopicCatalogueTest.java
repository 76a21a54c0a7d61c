package dev.daybook.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    private static final Transaction TRANSACTION = new Transaction(
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            1713147307167L,
            "BUY_ITEMS",
            "4974",
            137,
            "0xD1F9C58E33933A993A3891F8ACFE05A68E1AFC05",
            "SFL",
            new BigInteger("613620341167824900"),
            null,
            new SourceRef("gs://bucket/day=2024-04-15/a.csv", 17, 2));

    private final TopicCatalogue topics = TopicCatalogue.forPrefix("eu.");

    @Test
    void everyTopicIsNamedWithThePrefix() {
        assertThat(topics.transactions().name()).isEqualTo("eu.transactions");
        assertThat(topics.tokens().name()).isEqualTo("eu.tokens");
        assertThat(topics.rates().name()).isEqualTo("eu.rates");
        assertThat(topics.dailyVolume().name()).isEqualTo("eu.daily-volume");
        assertThat(topics.deadLetter().name()).isEqualTo("eu.dead-letter");
        assertThat(topics.ratesNeeds().name()).isEqualTo("eu.rates-needs");
        assertThat(topics.ingestProgress().name()).isEqualTo("eu.ingest-progress");
        assertThat(TopicCatalogue.withDefaultPrefix().transactions().name()).isEqualTo("daybook.transactions");
    }

    /**
     * The catalogue's serdes write what each topic held before it existed, byte for byte, except on
     * {@code transactions}, whose binary form still reads that JSON.
     */
    @Test
    void theValuesAreTheJsonOfTheContractRecordsExceptTransactionsWhichAreBinary() {
        Token token = new Token("SFL", 18, "sunflower-land");
        Rate rate = new Rate(new BigDecimal("0.1063"), "file:rates.csv");
        DailyVolume row = new DailyVolume(LocalDate.of(2024, 4, 15), "4974", 3, new BigDecimal("12.5"), 1, 7);
        IngestProgress progress = IngestProgress.start(
                "file:///data/",
                "object-1",
                "file:///data/a.csv",
                0,
                "sha256:00",
                Instant.parse("2024-04-15T00:00:00Z"));

        assertThat(topics.transactions().serializeValue(TRANSACTION)).startsWith(TransactionBinary.VERSION);
        assertThat(topics.transactions()
                        .deserializeValue(JsonSerde.of(Transaction.class).serialize("any", TRANSACTION)))
                .isEqualTo(TRANSACTION);
        assertThat(topics.tokens().serializeValue(token))
                .isEqualTo(JsonSerde.of(Token.class).serialize("any", token));
        assertThat(new String(topics.rates().serializeValue(rate), UTF_8))
                .isEqualTo("{\"usd\":\"0.1063\",\"source\":\"file:rates.csv\"}");
        assertThat(topics.dailyVolume().serializeValue(row))
                .isEqualTo(JsonSerde.of(DailyVolume.class).serialize("any", row));
        assertThat(topics.ingestProgress().serializeValue(progress))
                .isEqualTo(JsonSerde.of(IngestProgress.class).serialize("any", progress));
        assertThat(topics.transactions().deserializeValue(topics.transactions().serializeValue(TRANSACTION)))
                .isEqualTo(TRANSACTION);
        assertThat(topics.dailyVolume().deserializeValue(topics.dailyVolume().serializeValue(row)))
                .isEqualTo(row);
    }

    @Test
    void theKeysAreUtf8StringsExceptOnTheDeadLetterTopicWhichKeepsTheBytes() {
        byte[] raw = {(byte) 0xff, 0, 1};

        assertThat(topics.tokens()
                        .keySerde()
                        .serializer()
                        .serialize(topics.tokens().name(), "137:0xd1f9"))
                .isEqualTo("137:0xd1f9".getBytes(UTF_8));
        assertThat(topics.deadLetter()
                        .keySerde()
                        .serializer()
                        .serialize(topics.deadLetter().name(), raw))
                .isEqualTo(raw);
        assertThat(topics.deadLetter().serializeValue(raw)).isEqualTo(raw);
    }

    @Test
    void anUnreadableValueNamesItsTopic() {
        assertThatThrownBy(() -> topics.dailyVolume().deserializeValue("not json".getBytes(UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("not a valid DailyVolume on topic eu.daily-volume");
    }

    @Test
    void aTopicReadWithAnotherValueSerdeKeepsItsNameAndKeys() {
        Topic<String, Token> needs = topics.ratesNeeds().withValueSerde(JsonSerde.of(Token.class));

        assertThat(needs.name()).isEqualTo("eu.rates-needs");
        assertThat(needs.keySerde()).isSameAs(topics.ratesNeeds().keySerde());
        assertThat(needs.deserializeValue(needs.serializeValue(new Token("USDC", 6, "usd-coin"))))
                .isEqualTo(new Token("USDC", 6, "usd-coin"));
    }

    @Test
    void cataloguesWithTheSamePrefixAreEqual() {
        assertThat(TopicCatalogue.forPrefix("eu.")).isEqualTo(topics).hasSameHashCodeAs(topics);
        assertThat(TopicCatalogue.forPrefix("us.")).isNotEqualTo(topics);
        assertThatThrownBy(() -> TopicCatalogue.forPrefix(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
