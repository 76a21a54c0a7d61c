package dev.daybook.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The topic's serde reads every JSON document of a transaction exactly as data binding does. */
class TransactionJsonTest {

    private static final String ID = "\"event_id\":\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\"";
    private static final String SOURCE = "\"source\":{\"uri\":\"gs://b/a.csv\",\"generation\":17,\"line\":2}";
    private static final String REST = "\"ts\":1713147307167,\"event\":\"BUY_ITEMS\",\"project_id\":\"4974\","
            + "\"chain_id\":137,\"currency_address\":\"0xD1F9\",\"currency_symbol\":\"SFL\"";
    private static final String CANONICAL =
            "{" + ID + "," + REST + ",\"amount_raw\":\"613620341167824900\"," + SOURCE + "}";
    private static final String DETAILS = "\"app\":\"seq-market\",\"collection_address\":\"0x22d5\","
            + "\"token_id\":\"215\",\"txn_hash\":\"0xabc1\",\"marketplace_type\":\"amm\",\"request_id\":\"r1\","
            + "\"country\":\"DE\",\"device_type\":\"desktop\",\"device_os\":\"linux\",\"device_os_ver\":\"x86_64\","
            + "\"device_browser\":\"chrome\",\"device_browser_ver\":\"122.0.0.0\"";
    private static final String WITH_DETAILS = CANONICAL.replace(SOURCE + "}", SOURCE + "," + DETAILS + "}");

    private final TransactionSerde serde = new TransactionSerde();
    private final JsonSerde<Transaction> binding = JsonSerde.of(Transaction.class);

    /** Documents Daybook writes: read by the streaming reader itself. */
    static List<String> canonical() {
        return List.of(
                CANONICAL,
                "{" + ID + "," + REST + ",\"amount_decimal\":\"12.50\"," + SOURCE + "}",
                "{" + ID + "," + REST + ",\"amount_decimal\":\"7\"," + SOURCE + "}",
                "{" + ID + "," + REST + ",\"amount_raw\":\"0012\",\"amount_decimal\":\"0.3\"," + SOURCE + "}",
                "{" + ID + "," + REST + ",\"amount_raw\":null,\"amount_decimal\":\"1.0\"," + SOURCE + "}",
                "{" + SOURCE + ",\"amount_raw\":\"5\"," + REST + "," + ID + "}",
                "{" + ID + "," + REST.replace(",\"currency_symbol\":\"SFL\"", "") + ",\"amount_raw\":\"5\"," + SOURCE
                        + "}",
                "{" + ID + "," + REST.replace("\"SFL\"", "null") + ",\"amount_raw\":\"5\"," + SOURCE + "}",
                "{" + ID + "," + REST + ",\"amount_raw\":\"5\"," + SOURCE + "} trailing",
                " {" + ID + ",\n" + REST + ", \"amount_raw\" : \"5\"," + SOURCE + "}",
                WITH_DETAILS,
                WITH_DETAILS.replace("\"country\":\"DE\"", "\"country\":null"),
                "{" + DETAILS + "," + ID + "," + REST + ",\"amount_raw\":\"5\"," + SOURCE + "}");
    }

    /** Everything else, accepted or rejected by binding: left to binding. */
    static List<String> other() {
        return List.of(
                "not json",
                "",
                "null",
                "[]",
                "{}",
                "{\"event_id\":",
                "\"x\"",
                "{" + ID + "}",
                CANONICAL.replace("\"613620341167824900\"", "\"-5\""),
                CANONICAL.replace("\"613620341167824900\"", "\"+5\""),
                CANONICAL.replace("\"613620341167824900\"", "\" 5\""),
                CANONICAL.replace("\"613620341167824900\"", "\"\""),
                CANONICAL.replace("\"613620341167824900\"", "\"null\""),
                CANONICAL.replace("\"613620341167824900\"", "\"1e3\""),
                CANONICAL.replace("\"613620341167824900\"", "613620341167824900"),
                CANONICAL.replace("\"613620341167824900\"", "\"" + "9".repeat(1001) + "\""),
                CANONICAL.replace("\"amount_raw\":\"613620341167824900\"", "\"amount_decimal\":\"1.\""),
                CANONICAL.replace("\"amount_raw\":\"613620341167824900\"", "\"amount_decimal\":\".5\""),
                CANONICAL.replace("\"amount_raw\":\"613620341167824900\"", "\"amount_decimal\":\"-0.5\""),
                CANONICAL.replace("\"amount_raw\":\"613620341167824900\"", "\"amount_decimal\":1.25"),
                CANONICAL.replace("\"amount_raw\":\"613620341167824900\"", "\"amount_raw\":null"),
                CANONICAL.replace("\"amount_raw\":\"613620341167824900\",", ""),
                CANONICAL.replace("1713147307167", "\"1713147307167\""),
                CANONICAL.replace("1713147307167", "1713147307167.9"),
                CANONICAL.replace("1713147307167", "null"),
                CANONICAL.replace("1713147307167", "99999999999999999999"),
                CANONICAL.replace("\"ts\":1713147307167,", ""),
                CANONICAL.replace("\"chain_id\":137,", ""),
                CANONICAL.replace("137", "true"),
                CANONICAL.replace("\"4974\"", "4974"),
                CANONICAL.replace("\"4974\"", "\" \""),
                CANONICAL.replace("\"4974\"", "null"),
                CANONICAL.replace("\"BUY_ITEMS\"", "\"\""),
                CANONICAL.replace("\"SFL\"", "7"),
                CANONICAL.replace("{" + ID, "{" + ID + "," + ID.replace("0f", "aa")),
                CANONICAL.replace("{" + ID, "{\"extra\":{\"a\":[1,2]}," + ID),
                CANONICAL.replace("," + SOURCE, ""),
                CANONICAL.replace(SOURCE, "\"source\":null"),
                CANONICAL.replace("\"generation\":17,", ""),
                CANONICAL.replace("\"line\":2", "\"line\":0"),
                CANONICAL.replace("\"line\":2", "\"line\":2,\"col\":3"),
                CANONICAL.replace("\"line\":2", "\"line\":2,\"line\":3"),
                CANONICAL.replace("\"uri\":\"gs://b/a.csv\"", "\"uri\":null"),
                WITH_DETAILS.replace("\"DE\"", "49"),
                WITH_DETAILS.replace("\"app\":\"seq-market\"", "\"app\":{\"name\":\"x\"}"),
                WITH_DETAILS.replace("\"token_id\":\"215\"", "\"token_id\":\"215\",\"token_id\":\"216\""));
    }

    @ParameterizedTest
    @MethodSource("canonical")
    void readsDaybooksOwnDocumentsItselfAsBindingDoes(String document) {
        byte[] bytes = document.getBytes(UTF_8);
        Transaction streamed = TransactionJson.readCanonical(bytes);
        assertThat(streamed).isNotNull().isEqualTo(binding.deserialize("t", bytes));
        assertThat(serde.deserialize("t", bytes)).isEqualTo(streamed);
    }

    @ParameterizedTest
    @MethodSource("other")
    void leavesEveryOtherDocumentToBindingWithItsOutcome(String document) {
        byte[] bytes = document.getBytes(UTF_8);
        assertThat(TransactionJson.readCanonical(bytes)).isNull();
        Throwable bound = catchThrowable(() -> binding.deserialize("t", bytes));
        Throwable read = catchThrowable(() -> serde.deserialize("t", bytes));
        if (bound == null) {
            assertThat(read).isNull();
            assertThat(serde.deserialize("t", bytes)).isEqualTo(binding.deserialize("t", bytes));
        } else {
            assertThat(read).isInstanceOf(SerializationException.class).hasMessage(bound.getMessage());
        }
    }

    @Test
    void readsTheFieldsExactly() {
        Transaction read = serde.deserialize(
                "t",
                CANONICAL
                        .replace(
                                "\"613620341167824900\"",
                                "\"613620341167824900\"," + "\"amount_decimal\":\"0.000000000000000001\"")
                        .getBytes(UTF_8));
        assertThat(read)
                .isEqualTo(new Transaction(
                        "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                        1713147307167L,
                        "BUY_ITEMS",
                        "4974",
                        137,
                        "0xd1f9",
                        "SFL",
                        new BigInteger("613620341167824900"),
                        new BigDecimal("0.000000000000000001"),
                        new SourceRef("gs://b/a.csv", 17, 2)));
    }

    @Test
    void readsTheRowsOtherColumnsExactly() {
        Transaction read = serde.deserialize("t", WITH_DETAILS.getBytes(UTF_8));
        assertThat(read)
                .isEqualTo(new Transaction(
                        "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                        1713147307167L,
                        "BUY_ITEMS",
                        "4974",
                        137,
                        "0xd1f9",
                        "SFL",
                        new BigInteger("613620341167824900"),
                        null,
                        new SourceRef("gs://b/a.csv", 17, 2),
                        "seq-market",
                        "0x22d5",
                        "215",
                        "0xabc1",
                        "amm",
                        "r1",
                        "DE",
                        "desktop",
                        "linux",
                        "x86_64",
                        "chrome",
                        "122.0.0.0"));
    }
}
