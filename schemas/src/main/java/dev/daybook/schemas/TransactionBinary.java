package dev.daybook.schemas;

import static dev.daybook.schemas.BinaryFields.readDecimal;
import static dev.daybook.schemas.BinaryFields.readInteger;
import static dev.daybook.schemas.BinaryFields.readString;
import static dev.daybook.schemas.BinaryFields.writeDecimal;
import static dev.daybook.schemas.BinaryFields.writeInteger;
import static dev.daybook.schemas.BinaryFields.writeString;

import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The binary form of a {@link Transaction} on the {@code transactions} topic; after {@link BinarySerde}'s version
 * byte ({@link #VERSION}):
 *
 * <pre>
 * present | event id | ts | event | project id | chain id | currency address | [currency symbol]
 *         | [amount raw] | [amount decimal] | source uri | source generation | source line | [the row's other columns]
 * </pre>
 *
 * {@code present} is an unsigned varint with a bit for each nullable field, in the order above and then the row's
 * other columns in the record's order: a field in brackets is there when its bit is set. Integers of at most 64
 * bits are zig-zag varints (Kafka's {@link ByteUtils}); strings, big integers and decimals as {@link BinaryFields}
 * writes them. Reading validates through the record's constructor, as reading its JSON does.
 */
final class TransactionBinary {

    /** The format's version; JSON cannot start with it, so a reader tells the two apart by the first byte. */
    static final byte VERSION = 1;

    static final BinarySerde<Transaction> SERDE =
            new BinarySerde<>("Transaction", VERSION, TransactionBinary::write, TransactionBinary::read);

    private static final int SYMBOL = 0;
    private static final int AMOUNT_RAW = 1;
    private static final int AMOUNT_DECIMAL = 2;
    /** The bit of the first of the row's other columns. */
    private static final int DETAILS = 3;

    private static final int ALL_PRESENT = (1 << (DETAILS + Transaction.OTHER_COLUMNS)) - 1;

    private TransactionBinary() {}

    private static void write(Transaction transaction, DataOutput out) throws IOException {
        String[] details = transaction.otherColumns();
        int present = bit(transaction.currencySymbol(), SYMBOL)
                | bit(transaction.amountRaw(), AMOUNT_RAW)
                | bit(transaction.amountDecimal(), AMOUNT_DECIMAL);
        for (int i = 0; i < Transaction.OTHER_COLUMNS; i++) {
            present |= bit(details[i], DETAILS + i);
        }
        ByteUtils.writeUnsignedVarint(present, out);
        writeString(transaction.eventId(), out);
        ByteUtils.writeVarlong(transaction.ts(), out);
        writeString(transaction.event(), out);
        writeString(transaction.projectId(), out);
        ByteUtils.writeVarlong(transaction.chainId(), out);
        writeString(transaction.currencyAddress(), out);
        if (transaction.currencySymbol() != null) {
            writeString(transaction.currencySymbol(), out);
        }
        if (transaction.amountRaw() != null) {
            writeInteger(transaction.amountRaw(), out);
        }
        if (transaction.amountDecimal() != null) {
            writeDecimal(transaction.amountDecimal(), out);
        }
        SourceRef source = transaction.source();
        writeString(source.uri(), out);
        ByteUtils.writeVarlong(source.generation(), out);
        ByteUtils.writeVarlong(source.line(), out);
        for (String detail : details) {
            if (detail != null) {
                writeString(detail, out);
            }
        }
    }

    private static Transaction read(ByteBuffer in) {
        int present = ByteUtils.readUnsignedVarint(in);
        if ((present & ~ALL_PRESENT) != 0) {
            throw new IllegalArgumentException("unknown fields present: " + Integer.toBinaryString(present));
        }
        String eventId = readString(in);
        long ts = ByteUtils.readVarlong(in);
        String event = readString(in);
        String projectId = readString(in);
        long chainId = ByteUtils.readVarlong(in);
        String currencyAddress = readString(in);
        String symbol = has(present, SYMBOL) ? readString(in) : null;
        BigInteger amountRaw = has(present, AMOUNT_RAW) ? readInteger(in) : null;
        BigDecimal amountDecimal = has(present, AMOUNT_DECIMAL) ? readDecimal(in) : null;
        String uri = readString(in);
        long generation = ByteUtils.readVarlong(in);
        SourceRef source = new SourceRef(uri, generation, ByteUtils.readVarlong(in));
        String[] details = new String[Transaction.OTHER_COLUMNS];
        for (int i = 0; i < Transaction.OTHER_COLUMNS; i++) {
            details[i] = has(present, DETAILS + i) ? readString(in) : null;
        }
        return Transaction.withOtherColumns(
                eventId,
                ts,
                event,
                projectId,
                chainId,
                currencyAddress,
                symbol,
                amountRaw,
                amountDecimal,
                source,
                details);
    }

    private static int bit(Object field, int position) {
        return field == null ? 0 : 1 << position;
    }

    private static boolean has(int present, int position) {
        return (present & 1 << position) != 0;
    }
}
