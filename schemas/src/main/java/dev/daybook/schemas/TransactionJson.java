package dev.daybook.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads a {@link Transaction} from its JSON document ({@code JsonSerde.of(Transaction.class)}'s form, the
 * {@code transactions} topic's format before the binary one, and what a producer of its own may write) with the
 * same outcome as data binding, and faster for documents in Daybook's own form.
 *
 * <p>A document in the form Daybook wrote (every property once, each of its JSON type, the amounts as strings
 * of plain digits, no unknown properties) is read with a streaming parser straight into the record's
 * constructor, which validates it as it does for data binding. Anything else, valid or not, and anything the
 * constructor rejects, is read again by data binding, which decides: so what binding accepts, coerces or
 * rejects (with its message), this reader does too.
 */
final class TransactionJson {

    private static final JsonSerde<Transaction> BINDING = JsonSerde.of(Transaction.class);
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    /** The properties in the order Daybook wrote them; a bit of {@code seen} each, by position. */
    private static final SerializedString[] FIELDS = names(
            "event_id",
            "ts",
            "event",
            "project_id",
            "chain_id",
            "currency_address",
            "currency_symbol",
            "amount_raw",
            "amount_decimal",
            "source",
            "app",
            "collection_address",
            "token_id",
            "txn_hash",
            "marketplace_type",
            "request_id",
            "country",
            "device_type",
            "device_os",
            "device_os_ver",
            "device_browser",
            "device_browser_ver");

    private static final int EVENT_ID = 0;
    private static final int TS = 1;
    private static final int EVENT = 2;
    private static final int PROJECT_ID = 3;
    private static final int CHAIN_ID = 4;
    private static final int CURRENCY_ADDRESS = 5;
    private static final int CURRENCY_SYMBOL = 6;
    private static final int AMOUNT_RAW = 7;
    private static final int AMOUNT_DECIMAL = 8;
    private static final int SOURCE = 9;
    /** The first of the row's other columns, all nullable strings, which follow source in this order. */
    private static final int DETAILS = 10;
    /** The properties without which binding, not the constructor, decides (primitives and the nested record). */
    private static final int BOUND_BY_BINDING = 1 << TS | 1 << CHAIN_ID | 1 << SOURCE;

    private static final SerializedString[] SOURCE_FIELDS = names("uri", "generation", "line");
    private static final int URI = 0;
    private static final int GENERATION = 1;
    private static final int LINE = 2;
    private static final int SOURCE_COMPLETE = 1 << URI | 1 << GENERATION | 1 << LINE;

    private TransactionJson() {}

    static Transaction read(String topic, byte[] data) {
        Transaction transaction = readCanonical(data);
        return transaction != null ? transaction : BINDING.deserialize(topic, data);
    }

    /** The transaction, or null when the document is not in Daybook's own form or is rejected. */
    static Transaction readCanonical(byte[] data) {
        try (JsonParser parser = FACTORY.createParser(data)) {
            return parser.nextToken() == JsonToken.START_OBJECT ? readTransaction(parser) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Transaction readTransaction(JsonParser parser) throws IOException {
        String eventId = null;
        long ts = 0;
        String event = null;
        String projectId = null;
        long chainId = 0;
        String currencyAddress = null;
        String currencySymbol = null;
        BigInteger amountRaw = null;
        BigDecimal amountDecimal = null;
        SourceRef source = null;
        String[] details = new String[FIELDS.length - DETAILS];
        int seen = 0;
        for (int field = nextField(parser, FIELDS, 0); field >= 0; field = nextField(parser, FIELDS, field + 1)) {
            if ((seen & 1 << field) != 0) {
                return null;
            }
            seen |= 1 << field;
            JsonToken token = parser.nextToken();
            switch (field) {
                case EVENT_ID -> eventId = text(parser, token);
                case TS -> ts = longValue(parser, token);
                case EVENT -> event = text(parser, token);
                case PROJECT_ID -> projectId = text(parser, token);
                case CHAIN_ID -> chainId = longValue(parser, token);
                case CURRENCY_ADDRESS -> currencyAddress = text(parser, token);
                case CURRENCY_SYMBOL -> currencySymbol = token == JsonToken.VALUE_NULL ? null : text(parser, token);
                case AMOUNT_RAW -> amountRaw = token == JsonToken.VALUE_NULL ? null : integer(parser, token);
                case AMOUNT_DECIMAL -> amountDecimal = token == JsonToken.VALUE_NULL ? null : decimal(parser, token);
                case SOURCE -> source = token == JsonToken.START_OBJECT ? readSource(parser) : null;
                default -> details[field - DETAILS] = token == JsonToken.VALUE_NULL ? null : text(parser, token);
            }
            if (field == SOURCE && source == null) {
                return null;
            }
        }
        if ((seen & BOUND_BY_BINDING) != BOUND_BY_BINDING) {
            return null;
        }
        return Transaction.withOtherColumns(
                eventId,
                ts,
                event,
                projectId,
                chainId,
                currencyAddress,
                currencySymbol,
                amountRaw,
                amountDecimal,
                source,
                details);
    }

    private static SourceRef readSource(JsonParser parser) throws IOException {
        String uri = null;
        long generation = 0;
        long line = 0;
        int seen = 0;
        for (int field = nextField(parser, SOURCE_FIELDS, 0);
                field >= 0;
                field = nextField(parser, SOURCE_FIELDS, field + 1)) {
            if ((seen & 1 << field) != 0) {
                return null;
            }
            seen |= 1 << field;
            JsonToken token = parser.nextToken();
            switch (field) {
                case URI -> uri = text(parser, token);
                case GENERATION -> generation = longValue(parser, token);
                default -> line = longValue(parser, token);
            }
        }
        return seen == SOURCE_COMPLETE ? new SourceRef(uri, generation, line) : null;
    }

    /**
     * The position in {@code fields} of the next property, -1 at the end of the object; throws {@link NotCanonical}
     * for a property not in {@code fields}. Matching the property expected next compares bytes, not a symbol table.
     */
    private static int nextField(JsonParser parser, SerializedString[] fields, int expected) throws IOException {
        if (expected == fields.length) {
            parser.nextToken();
        } else if (parser.nextFieldName(fields[expected])) {
            return expected;
        }
        if (parser.currentToken() != JsonToken.FIELD_NAME) {
            return -1;
        }
        String name = parser.currentName();
        for (int field = 0; field < fields.length; field++) {
            if (fields[field].getValue().equals(name)) {
                return field;
            }
        }
        throw new NotCanonical();
    }

    private static SerializedString[] names(String... names) {
        SerializedString[] fields = new SerializedString[names.length];
        for (int i = 0; i < names.length; i++) {
            fields[i] = new SerializedString(names[i]);
        }
        return fields;
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new NotCanonical();
        }
        return parser.getText();
    }

    private static long longValue(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new NotCanonical();
        }
        return parser.getLongValue();
    }

    /** Plain digits only; binding trims, accepts signs and "null", and limits the length as below. */
    private static BigInteger integer(JsonParser parser, JsonToken token) throws IOException {
        String text = text(parser, token);
        if (!digits(text, 0, text.length())) {
            throw new NotCanonical();
        }
        parser.streamReadConstraints().validateIntegerLength(text.length());
        return new BigInteger(text);
    }

    /** Digits, optionally a point and more digits. */
    private static BigDecimal decimal(JsonParser parser, JsonToken token) throws IOException {
        String text = text(parser, token);
        int point = text.indexOf('.');
        boolean plain = point < 0
                ? digits(text, 0, text.length())
                : digits(text, 0, point) && digits(text, point + 1, text.length());
        if (!plain) {
            throw new NotCanonical();
        }
        parser.streamReadConstraints().validateFPLength(text.length());
        return new BigDecimal(text);
    }

    private static boolean digits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The document is not in the form this reader handles; binding will read it. */
    private static final class NotCanonical extends RuntimeException {
        NotCanonical() {
            super(null, null, false, false);
        }
    }
}
