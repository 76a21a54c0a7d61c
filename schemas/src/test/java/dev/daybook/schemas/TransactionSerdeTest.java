package dev.daybook.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The {@code transactions} topic's values: every transaction reads back as written, what an earlier release wrote as
 * JSON still reads, and bytes that are not a transaction fail as a serialization error (which the aggregation
 * dead-letters), never otherwise.
 */
class TransactionSerdeTest {

    private static final String TOPIC = "daybook.transactions";

    private final TransactionSerde serde = new TransactionSerde();

    @Property
    void everyTransactionReadsBackAsWritten(@ForAll("transactions") Transaction transaction) {
        assertThat(serde.deserialize(TOPIC, serde.serialize(TOPIC, transaction)))
                .isEqualTo(transaction);
    }

    @Property
    void aTransactionAnEarlierReleaseWroteAsJsonReadsTheSame(@ForAll("transactions") Transaction transaction) {
        byte[] json = JsonSerde.of(Transaction.class).serialize(TOPIC, transaction);

        assertThat(serde.deserialize(TOPIC, json)).isEqualTo(transaction);
    }

    @Property
    void aRecordCutShortAnywhereFailsAsASerializationError(@ForAll("transactions") Transaction transaction) {
        byte[] bytes = serde.serialize(TOPIC, transaction);
        for (int length = 1; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> serde.deserialize(TOPIC, cut))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("not a valid Transaction on topic " + TOPIC);
        }
    }

    @Property(tries = 3000)
    void anyBytesReadAsATransactionThatWritesBackOrFailAsASerializationError(@ForAll("bytes") byte[] bytes) {
        readBack(serde, bytes);
    }

    /** Reads {@code bytes}; a transaction read must write and read back to itself. */
    static void readBack(TransactionSerde serde, byte[] bytes) {
        Transaction read;
        try {
            read = serde.deserialize(TOPIC, bytes);
        } catch (SerializationException refused) {
            return;
        }
        assertThat(serde.deserialize(TOPIC, serde.serialize(TOPIC, read))).isEqualTo(read);
    }

    @Example
    void theFormatIsFixed() {
        Transaction transaction = new Transaction(
                "e1",
                1_713_147_307_167L,
                "BUY",
                "49",
                137,
                "0xD1",
                null,
                new BigInteger("1000"),
                null,
                new SourceRef("s", 17, 2),
                null,
                null,
                null,
                null,
                null,
                null,
                "DE",
                null,
                null,
                null,
                null,
                null);

        byte[] bytes = serde.serialize(TOPIC, transaction);

        // version 1 | present: amount raw and country (bits 1 and 9) | "e1" | ts (zig-zag varint) | "BUY" | "49"
        // | chain 137 | "0xd1" | 1000 | source "s" | generation 17 | line 2 | "DE"
        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("01" + "8204" + "026531" + "be92cbf8db63" + "03425559" + "023439" + "9202" + "0430786431"
                        + "0203e8" + "0173" + "22" + "04" + "024445");
        assertThat(serde.deserialize(TOPIC, bytes)).isEqualTo(transaction);
    }

    @Example
    void aTextThatIsNotUnicodeIsRefusedWhenWritten() {
        Transaction broken = new Transaction(
                "e1", 0, "BUY", "49\ud80074", 137, "0xd1", null, BigInteger.ONE, null, new SourceRef("s", 0, 2));

        assertThatThrownBy(() -> serde.serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("surrogate");
    }

    @Example
    void aRuleTheRecordBreaksIsTheReason() {
        Transaction valid = new Transaction(
                "e1", 0, "BUY", "49", 137, "0xd1", null, BigInteger.ONE, null, new SourceRef("s", 0, 2));
        byte[] bytes = serde.serialize(TOPIC, valid);
        // version | present | "e1" | ts 0 | "BUY" | "49": the project id's characters become blanks
        int projectId = 1 + 1 + 3 + 1 + 4 + 1;
        bytes[projectId] = ' ';
        bytes[projectId + 1] = ' ';

        assertThatThrownBy(() -> serde.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("not a valid Transaction on topic " + TOPIC + ": project_id is required");
    }

    /** The fields a transaction requires to be text, and its currency symbol. */
    private record Names(String eventId, String event, String projectId, String currencyAddress, String symbol) {}

    /** At least one of the two. */
    private record Amounts(BigInteger raw, BigDecimal decimal) {}

    @Provide
    Arbitrary<Transaction> transactions() {
        Arbitrary<Names> names = Combinators.combine(
                        required(), required(), required(), required(), texts().injectNull(0.3))
                .as(Names::new);
        Arbitrary<BigInteger> raw = Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, BigInteger.TEN.pow(40))
                .edgeCases(edges -> edges.add(BigInteger.ZERO));
        Arbitrary<BigDecimal> decimal =
                Combinators.combine(raw, Arbitraries.integers().between(0, 40)).as(BigDecimal::new);
        Arbitrary<Amounts> amounts = Combinators.combine(raw.injectNull(0.3), decimal.injectNull(0.5))
                .as(Amounts::new)
                .filter(amount -> amount.raw() != null || amount.decimal() != null);
        Arbitrary<SourceRef> sources = Combinators.combine(
                        texts(),
                        Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.longs().greaterOrEqual(1))
                .as(SourceRef::new);
        Arbitrary<List<String>> details = texts().injectNull(0.4).list().ofSize(12);
        return Combinators.combine(names, Arbitraries.longs(), Arbitraries.longs(), amounts, sources, details)
                .as((name, ts, chain, amount, source, detail) -> new Transaction(
                        name.eventId(),
                        ts,
                        name.event(),
                        name.projectId(),
                        chain,
                        name.currencyAddress(),
                        name.symbol(),
                        amount.raw(),
                        amount.decimal(),
                        source,
                        detail.get(0),
                        detail.get(1),
                        detail.get(2),
                        detail.get(3),
                        detail.get(4),
                        detail.get(5),
                        detail.get(6),
                        detail.get(7),
                        detail.get(8),
                        detail.get(9),
                        detail.get(10),
                        detail.get(11)));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
        // most of them with the binary form's version byte, so that the fields are reached
        return Arbitraries.oneOf(any, any.map(tail -> {
            byte[] versioned = new byte[tail.length + 1];
            versioned[0] = TransactionBinary.VERSION;
            System.arraycopy(tail, 0, versioned, 1, tail.length);
            return versioned;
        }));
    }

    private static Arbitrary<String> required() {
        return texts().filter(text -> !text.isBlank());
    }

    /** Any Unicode text, including empty and beyond the Basic Multilingual Plane (no unpaired surrogates). */
    private static Arbitrary<String> texts() {
        return Arbitraries.integers()
                .between(0, Character.MAX_CODE_POINT)
                .filter(codePoint -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
                .list()
                .ofMaxSize(12)
                .map(codePoints -> codePoints.stream()
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
    }
}
