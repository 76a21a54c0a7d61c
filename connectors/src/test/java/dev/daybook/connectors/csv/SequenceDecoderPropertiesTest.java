package dev.daybook.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daybook.schemas.Transaction;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the columns a transaction carries to the raw layer: whatever text a row holds in its descriptive
 * columns and props, the transaction carries it exactly (blank is absent), and both amounts are kept exactly.
 */
class SequenceDecoderPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CLIENT_COLUMNS = {
        "app", "country", "device_type", "device_os", "device_os_ver", "device_browser", "device_browser_ver"
    };
    private static final String[] PROPS_KEYS = {
        "collectionAddress", "tokenId", "txnHash", "marketplaceType", "requestId"
    };

    /**
     * Any text a file can hold (lone surrogates cannot be written as UTF-8), including quotes, commas, line breaks,
     * JSON syntax and characters outside the BMP.
     */
    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).filter(StandardCharsets.UTF_8.newEncoder()::canEncode),
                Arbitraries.strings().withChars("\",\n\r {}[]:\\ ").ofMaxLength(12),
                Arbitraries.of("", " ", "\u00e9\ud83d\ude00", "null", "0x22d5"));
    }

    @Property(tries = 300)
    void theClientColumnsAreCarriedAsTheRowHadThem(
            @ForAll("anyText") String app,
            @ForAll("anyText") String country,
            @ForAll("anyText") String deviceType,
            @ForAll("anyText") String deviceOs,
            @ForAll("anyText") String deviceOsVer,
            @ForAll("anyText") String deviceBrowser,
            @ForAll("anyText") String deviceBrowserVer)
            throws Exception {
        String[] values = {app, country, deviceType, deviceOs, deviceOsVer, deviceBrowser, deviceBrowserVer};
        String[] fields = Rows.example();
        for (int i = 0; i < CLIENT_COLUMNS.length; i++) {
            fields[Rows.COLUMNS.indexOf(CLIENT_COLUMNS[i])] = values[i];
        }

        Transaction transaction = decodeOne(Rows.quoted(fields));

        String[] carried = {
            transaction.app(),
            transaction.country(),
            transaction.deviceType(),
            transaction.deviceOs(),
            transaction.deviceOsVer(),
            transaction.deviceBrowser(),
            transaction.deviceBrowserVer()
        };
        for (int i = 0; i < values.length; i++) {
            assertThat(carried[i]).as(CLIENT_COLUMNS[i]).isEqualTo(expected(values[i]));
        }
    }

    @Property(tries = 300)
    void thePropsTextIsCarriedAsTheRowHadIt(
            @ForAll("anyText") String collection,
            @ForAll("anyText") String tokenId,
            @ForAll("anyText") String txnHash,
            @ForAll("anyText") String marketplaceType,
            @ForAll("anyText") String requestId)
            throws Exception {
        String[] values = {collection, tokenId, txnHash, marketplaceType, requestId};
        ObjectNode props = exampleProps();
        for (int i = 0; i < PROPS_KEYS.length; i++) {
            props.put(PROPS_KEYS[i], values[i]);
        }

        Transaction transaction = decodeOne(Rows.with("props", JSON.writeValueAsString(props)));

        String[] carried = {
            transaction.collectionAddress(),
            transaction.tokenId(),
            transaction.txnHash(),
            transaction.marketplaceType(),
            transaction.requestId()
        };
        for (int i = 0; i < values.length; i++) {
            assertThat(carried[i]).as(PROPS_KEYS[i]).isEqualTo(expected(values[i]));
        }
    }

    /** A descriptive props value of another JSON type costs that value only: the row is still a transaction. */
    @Property(tries = 200)
    void aPropsValueOfAnyJsonTypeNeverCostsTheRow(@ForAll("jsonValues") String value, @ForAll("propsKeys") String key)
            throws Exception {
        ObjectNode props = exampleProps();
        props.set(key, JSON.readTree(value));

        Transaction transaction = decodeOne(Rows.with("props", JSON.writeValueAsString(props)));

        String carried = switch (key) {
            case "collectionAddress" -> transaction.collectionAddress();
            case "tokenId" -> transaction.tokenId();
            case "txnHash" -> transaction.txnHash();
            case "marketplaceType" -> transaction.marketplaceType();
            default -> transaction.requestId();
        };
        boolean number = JSON.readTree(value).isNumber();
        assertThat(carried).isEqualTo(number ? JSON.readTree(value).asText() : null);
        assertThat(transaction.currencyAddress()).isEqualTo(Rows.SFL);
    }

    @Provide
    Arbitrary<String> propsKeys() {
        return Arbitraries.of(PROPS_KEYS);
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "[]", "[1,\"a\"]", "{}", "{\"a\":{\"b\":[null]}}", "1.5e3"));
    }

    @Property(tries = 300)
    void bothAmountsAreKeptExactly(@ForAll("amounts") BigInteger raw, @ForAll("decimals") BigDecimal decimal)
            throws Exception {
        String nums =
                "{\"currencyValueRaw\":\"" + raw + "\",\"currencyValueDecimal\":\"" + decimal.toPlainString() + "\"}";

        Transaction transaction = decodeOne(Rows.with("nums", nums));

        assertThat(transaction.amountRaw()).isEqualTo(raw);
        assertThat(transaction.amountDecimal()).isEqualTo(decimal);
    }

    @Provide
    Arbitrary<BigInteger> amounts() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(amounts(), Arbitraries.integers().between(0, 77))
                .as((unscaled, scale) -> new BigDecimal(unscaled, scale));
    }

    private static String expected(String value) {
        return value.isBlank() ? null : value;
    }

    private static ObjectNode exampleProps() throws JsonProcessingException {
        return (ObjectNode) JSON.readTree(Rows.PROPS);
    }

    private static Transaction decodeOne(String row) throws Exception {
        byte[] object = (Rows.HEADER + "\n" + row + "\n").getBytes(StandardCharsets.UTF_8);
        try (SequenceDecoder decoder = SequenceDecoder.open(new ByteArrayInputStream(object), "file:///p.csv", 0)) {
            Decoded decoded = decoder.next();
            assertThat(decoded).isInstanceOf(Decoded.Transaction.class);
            assertThat(decoder.next()).isNull();
            return ((Decoded.Transaction) decoded).transaction();
        }
    }
}
