package dev.daybook.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ContractSchemasTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

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

    private static JsonSchema schema(String name) throws IOException {
        try (InputStream in = ContractSchemasTest.class.getResourceAsStream("/dev/daybook/schemas/json/" + name)) {
            assertThat(in).as(name).isNotNull();
            return FACTORY.getSchema(in);
        }
    }

    private static <T> JsonNode written(T value, Class<T> type) throws IOException {
        return Json.MAPPER.readTree(JsonSerde.of(type).serialize("t", value));
    }

    private static Set<ValidationMessage> errors(String schema, JsonNode document) throws IOException {
        return schema(schema).validate(document);
    }

    @Test
    void transactionMatchesItsSchemaAndRoundTrips() throws IOException {
        JsonNode doc = written(TRANSACTION, Transaction.class);

        assertThat(errors("transactions.value.json", doc)).isEmpty();
        assertThat(doc.get("currency_address").asText()).isEqualTo("0xd1f9c58e33933a993a3891f8acfe05a68e1afc05");
        assertThat(doc.get("amount_raw").isTextual()).isTrue();
        assertThat(doc.has("amount_decimal")).isFalse();
        assertThat(JsonSerde.of(Transaction.class)
                        .deserialize("t", JsonSerde.of(Transaction.class).serialize("t", TRANSACTION)))
                .isEqualTo(TRANSACTION);
        assertThat(errors("transactions.key.json", TextNode.valueOf(TRANSACTION.eventId())))
                .isEmpty();
    }

    @Test
    void aTransactionWithBothAmountsAndTheRowsOtherColumnsMatchesItsSchemaAndRoundTrips() throws IOException {
        Transaction full = new Transaction(
                TRANSACTION.eventId(),
                TRANSACTION.ts(),
                TRANSACTION.event(),
                TRANSACTION.projectId(),
                TRANSACTION.chainId(),
                TRANSACTION.currencyAddress(),
                TRANSACTION.currencySymbol(),
                TRANSACTION.amountRaw(),
                new BigDecimal("0.6136203411678249"),
                TRANSACTION.source(),
                "seq-market",
                "0x22d5",
                "215",
                "0xabc1",
                "amm",
                null,
                "DE",
                "desktop",
                "linux",
                "x86_64",
                "chrome",
                "122.0.0.0");
        JsonNode doc = written(full, Transaction.class);

        assertThat(errors("transactions.value.json", doc)).isEmpty();
        assertThat(doc.get("amount_decimal").asText()).isEqualTo("0.6136203411678249");
        assertThat(doc.get("collection_address").asText()).isEqualTo("0x22d5");
        assertThat(doc.has("request_id")).isFalse();
        assertThat(JsonSerde.of(Transaction.class)
                        .deserialize("t", JsonSerde.of(Transaction.class).serialize("t", full)))
                .isEqualTo(full);
    }

    @Test
    void transactionWithoutAnyAmountIsRejectedBySchemaAndRecord() throws IOException {
        ObjectNode doc = (ObjectNode) written(TRANSACTION, Transaction.class);
        doc.remove("amount_raw");

        assertThat(errors("transactions.value.json", doc)).isNotEmpty();
        assertThatThrownBy(() -> JsonSerde.of(Transaction.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("amount_raw or amount_decimal is required");
    }

    @Test
    void negativeAmountIsRejected() throws IOException {
        ObjectNode doc = (ObjectNode) written(TRANSACTION, Transaction.class);
        doc.put("amount_raw", "-5");

        assertThat(errors("transactions.value.json", doc)).isNotEmpty();
        assertThatThrownBy(() -> JsonSerde.of(Transaction.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void garbageBytesAreASerializationError() {
        assertThatThrownBy(() ->
                        JsonSerde.of(Transaction.class).deserialize("t", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void tokenMatchesItsSchema() throws IOException {
        assertThat(errors("tokens.value.json", written(new Token("USDC", 6, "usd-coin"), Token.class)))
                .isEmpty();
        assertThat(errors(
                        "tokens.key.json",
                        TextNode.valueOf(Keys.token(137, "0x3C499C542CEF5E3811E1192CE70D8CC03D5C3359"))))
                .isEmpty();
        assertThat(errors("tokens.key.json", TextNode.valueOf("0x3c49"))).isNotEmpty();
        assertThat(errors(
                        "tokens.value.json",
                        Json.MAPPER.readTree("{\"symbol\":\"X\",\"decimals\":-1,\"coin_id\":\"x\"}")))
                .isNotEmpty();
    }

    @Test
    void aTokenWithoutANameIsWrittenAsBeforeTheFieldAndAnOldRecordReads() throws IOException {
        Serde<Token> serde = JsonSerde.of(Token.class);
        String old = "{\"symbol\":\"USDC\",\"decimals\":6,\"coin_id\":\"usd-coin\"}";

        assertThat(new String(
                        serde.serializer().serialize("t", new Token("USDC", 6, "usd-coin")), StandardCharsets.UTF_8))
                .isEqualTo(old);
        assertThat(serde.deserializer().deserialize("t", old.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Token("USDC", 6, "usd-coin", null));
        assertThat(errors("tokens.value.json", written(new Token("USDC", 6, "usd-coin", "USD Coin"), Token.class)))
                .isEmpty();
    }

    @Test
    void rateIsAnExactDecimalString() throws IOException {
        JsonNode doc = written(new Rate(new BigDecimal("0.000001234500"), "file:rates.csv"), Rate.class);

        assertThat(errors("rates.value.json", doc)).isEmpty();
        assertThat(doc.get("usd").asText()).isEqualTo("0.000001234500");
        assertThat(errors("rates.key.json", TextNode.valueOf(Keys.rate("usd-coin", LocalDate.of(2024, 4, 15)))))
                .isEmpty();
        assertThat(errors("rates.value.json", Json.MAPPER.readTree("{\"usd\":1.5,\"source\":\"x\"}")))
                .isNotEmpty();
    }

    @Test
    void rateWithMarketDataKeepsItExactlyAndMatchesItsSchema() throws IOException {
        Rate rate = new Rate(
                new BigDecimal("0.061362034116782490"),
                new BigDecimal("48213337.123456789012345678"),
                new BigDecimal("1234567.50"),
                "coingecko:market_chart/range");
        JsonNode doc = written(rate, Rate.class);

        assertThat(errors("rates.value.json", doc)).isEmpty();
        assertThat(doc.get("market_cap_usd").asText()).isEqualTo("48213337.123456789012345678");
        assertThat(doc.get("volume_24h_usd").asText()).isEqualTo("1234567.50");
        assertThat(JsonSerde.of(Rate.class)
                        .deserialize("t", JsonSerde.of(Rate.class).serialize("t", rate)))
                .isEqualTo(rate);
        ((ObjectNode) doc).put("market_cap_usd", 4.8E7);
        assertThat(errors("rates.value.json", doc)).isNotEmpty();
    }

    @Test
    void aRateWithoutMarketDataIsWrittenAsBeforeTheFieldsExisted() throws IOException {
        byte[] old = "{\"usd\":\"0.1063\",\"source\":\"file:rates.csv\"}".getBytes(StandardCharsets.UTF_8);

        Rate read = JsonSerde.of(Rate.class).deserialize("t", old);

        assertThat(read).isEqualTo(new Rate(new BigDecimal("0.1063"), null, null, "file:rates.csv"));
        assertThat(JsonSerde.of(Rate.class).serialize("t", read)).isEqualTo(old);
        assertThat(errors("rates.value.json", Json.MAPPER.readTree(old))).isEmpty();
    }

    @Test
    void negativeMarketDataIsRejectedBySchemaAndRecord() throws IOException {
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(
                "{\"usd\":\"1\",\"market_cap_usd\":\"-5\",\"volume_24h_usd\":\"2\",\"source\":\"x\"}");

        assertThat(errors("rates.value.json", doc)).isNotEmpty();
        assertThatThrownBy(() -> JsonSerde.of(Rate.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("market_cap_usd must not be negative");
        doc.put("market_cap_usd", "5").put("volume_24h_usd", "-2");
        assertThatThrownBy(() -> JsonSerde.of(Rate.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("volume_24h_usd must not be negative");
    }

    @Test
    void dailyVolumeMatchesItsSchema() throws IOException {
        DailyVolume row = new DailyVolume(LocalDate.of(2024, 4, 15), "0", 3, new BigDecimal("1E+3"), 1, 7);
        JsonNode doc = written(row, DailyVolume.class);

        assertThat(errors("daily-volume.value.json", doc)).isEmpty();
        assertThat(doc.get("date").asText()).isEqualTo("2024-04-15");
        assertThat(doc.get("total_volume_usd").asText()).isEqualTo("1000");
        assertThat(errors("daily-volume.key.json", TextNode.valueOf(row.key()))).isEmpty();
        ((ObjectNode) doc).remove("version");
        assertThat(errors("daily-volume.value.json", doc)).isNotEmpty();
    }

    @Test
    void dailyCurrencyVolumeMatchesItsSchemaAndRoundTrips() throws IOException {
        DailyCurrencyVolume row = new DailyCurrencyVolume(
                LocalDate.of(2024, 4, 15), "a:b", 137, "0xD1F9", 3, new BigDecimal("0.0000000000000000012345"), 1, 7);
        JsonNode doc = written(row, DailyCurrencyVolume.class);

        assertThat(errors("daily-currency-volume.value.json", doc)).isEmpty();
        assertThat(doc.get("currency_address").asText()).isEqualTo("0xd1f9");
        assertThat(doc.get("volume_usd").asText()).isEqualTo("0.0000000000000000012345");
        assertThat(row.key()).isEqualTo("2024-04-15:137:0xd1f9:a:b");
        assertThat(errors("daily-currency-volume.key.json", TextNode.valueOf(row.key())))
                .isEmpty();
        assertThat(JsonSerde.of(DailyCurrencyVolume.class)
                        .deserialize(
                                "t", JsonSerde.of(DailyCurrencyVolume.class).serialize("t", row)))
                .isEqualTo(row);
        ((ObjectNode) doc).remove("version");
        assertThat(errors("daily-currency-volume.value.json", doc)).isNotEmpty();
    }

    @Test
    void ingestProgressMatchesItsSchemaAndRoundTrips() throws IOException {
        IngestProgress progress = new IngestProgress(
                "gs://bucket/in/",
                "gs://bucket/in/a.csv#17",
                "gs://bucket/in/a.csv",
                17,
                "crc32c:AAAAAA==;size:1234",
                IngestProgress.State.IN_PROGRESS,
                1200,
                9,
                8,
                6,
                1,
                1,
                2,
                1,
                null,
                null,
                Instant.parse("2024-04-15T02:15:07.167Z"));
        JsonNode doc = written(progress, IngestProgress.class);

        assertThat(errors("ingest-progress.value.json", doc)).isEmpty();
        assertThat(doc.get("byte_offset").asLong()).isEqualTo(1200);
        assertThat(doc.get("amount_disagreements").asLong()).isEqualTo(2);
        assertThat(doc.get("amount_unchecked").asLong()).isEqualTo(1);
        assertThat(doc.get("updated_at").asText()).isEqualTo("2024-04-15T02:15:07.167Z");
        assertThat(doc.has("reason")).isFalse();
        assertThat(JsonSerde.of(IngestProgress.class)
                        .deserialize("t", JsonSerde.of(IngestProgress.class).serialize("t", progress)))
                .isEqualTo(progress);
        assertThat(errors("ingest-progress.key.json", TextNode.valueOf(progress.objectId())))
                .isEmpty();
        assertThat(errors("ingest-progress.key.json", TextNode.valueOf("file:///data/in/a.csv#1713147307167000")))
                .isEmpty();
        assertThat(errors("ingest-progress.key.json", TextNode.valueOf("a.csv")))
                .isNotEmpty();
    }

    @Test
    void aFailedObjectNeedsItsReasonAndOnlyItHasOne() throws IOException {
        IngestProgress failed = new IngestProgress(
                "file:///in",
                "file:///in/b.csv",
                "file:///in/b.csv",
                0,
                "sha256:ab",
                IngestProgress.State.FAILED,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "bad_header",
                "line 1 is not the Sequence header",
                Instant.EPOCH);
        ObjectNode doc = (ObjectNode) written(failed, IngestProgress.class);

        assertThat(errors("ingest-progress.value.json", doc)).isEmpty();
        doc.remove("reason");
        assertThat(errors("ingest-progress.value.json", doc)).isNotEmpty();
        assertThatThrownBy(
                        () -> JsonSerde.of(IngestProgress.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("reason is required exactly when the state is FAILED");
        doc.put("reason", "bad_header").put("state", "DONE");
        assertThat(errors("ingest-progress.value.json", doc)).isNotEmpty();
    }

    @Test
    void ingestProgressCountsMustAddUp() throws IOException {
        IngestProgress done = new IngestProgress(
                "file:///in",
                "file:///in/b.csv",
                "file:///in/b.csv",
                0,
                "sha256:ab",
                IngestProgress.State.DONE,
                500,
                4,
                3,
                2,
                1,
                0,
                0,
                0,
                null,
                null,
                Instant.EPOCH);
        ObjectNode doc = (ObjectNode) written(done, IngestProgress.class);
        doc.put("rows", 4);

        assertThatThrownBy(
                        () -> JsonSerde.of(IngestProgress.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("rows (4) must be transactions + skipped + malformed");
        doc.put("rows", 3).put("amount_disagreements", 2).put("amount_unchecked", 1);
        assertThatThrownBy(
                        () -> JsonSerde.of(IngestProgress.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(
                        "amount_disagreements + amount_unchecked (2 + 1) must not exceed transactions (2)");
    }

    @Test
    void ingestProgressWrittenBeforeTheAmountCountsExistedReadsThemAsZero() throws IOException {
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree("""
                {"source":"file:///in","object_id":"file:///in/b.csv","uri":"file:///in/b.csv","generation":0,
                 "fingerprint":"sha256:ab","state":"DONE","byte_offset":500,"lines_done":4,"rows":3,"transactions":2,
                 "skipped":1,"malformed":0,"updated_at":"1970-01-01T00:00:00Z"}""");

        assertThat(errors("ingest-progress.value.json", doc)).isEmpty();
        IngestProgress read = JsonSerde.of(IngestProgress.class).deserialize("t", Json.MAPPER.writeValueAsBytes(doc));
        assertThat(read.amountDisagreements()).isZero();
        assertThat(read.amountUnchecked()).isZero();
        assertThat(read.transactions()).isEqualTo(2);
    }

    @Test
    void bigQueryDdlIsPackaged() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/daybook/schemas/bigquery/daily_volume.sql")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("total_volume_usd FLOAT64", "PARTITION BY date");
        }
    }
}
