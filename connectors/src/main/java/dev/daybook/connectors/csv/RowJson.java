package dev.daybook.connectors.csv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads the {@code props} and {@code nums} JSON objects of a row with a streaming parser, keeping
 * only the keys a transaction carries.
 */
final class RowJson {

    /** The largest unsigned 256-bit integer has 78 digits. */
    private static final int MAX_AMOUNT_DIGITS = 78;

    private static final int MAX_DECIMAL_LENGTH = 2 * MAX_AMOUNT_DIGITS;
    private static final int MAX_LONG_DIGITS = 18;
    private static final long NOT_DIGITS = -1;
    private static final long TOO_LONG = -2;
    private static final BigInteger TEN_TO_MAX_LONG_DIGITS = BigInteger.TEN.pow(MAX_LONG_DIGITS);

    /**
     * The row's props. The descriptive keys (collection, token id, transaction hash, marketplace type, request id)
     * are kept as text when they are a string or a number and are null otherwise: they are not used for volume,
     * so a value of another JSON type costs that value, not the row.
     */
    record Props(
            long chainId,
            String currencyAddress,
            String currencySymbol,
            String collectionAddress,
            String tokenId,
            String txnHash,
            String marketplaceType,
            String requestId) {}

    /** The amounts of a row; at least one is present. */
    record Nums(BigInteger raw, BigDecimal decimal) {}

    private final JsonFactory factory = new JsonFactory();

    Props props(byte[] b, int offset, int length) throws RowException {
        String chainId = null;
        String address = null;
        String symbol = null;
        String collection = null;
        String tokenId = null;
        String txnHash = null;
        String marketplaceType = null;
        String requestId = null;
        try (JsonParser parser = factory.createParser(b, offset, length)) {
            requireObjectStart(parser, MalformedReason.BAD_PROPS, "props");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "chainId" -> chainId = scalar(parser, value, MalformedReason.BAD_CHAIN_ID, "props.chainId");
                    case "currencyAddress" ->
                        address = text(parser, value, MalformedReason.BAD_PROPS, "props.currencyAddress");
                    case "currencySymbol" ->
                        symbol = text(parser, value, MalformedReason.BAD_PROPS, "props.currencySymbol");
                    case "collectionAddress" -> collection = descriptive(parser, value);
                    case "tokenId" -> tokenId = descriptive(parser, value);
                    case "txnHash" -> txnHash = descriptive(parser, value);
                    case "marketplaceType" -> marketplaceType = descriptive(parser, value);
                    case "requestId" -> requestId = descriptive(parser, value);
                    default -> parser.skipChildren();
                }
            }
            requireEnd(parser, MalformedReason.BAD_PROPS, "props");
        } catch (IOException e) {
            throw new RowException(MalformedReason.BAD_PROPS, "props is not a JSON object: " + jsonError(e));
        }
        if (isAbsent(chainId)) {
            throw new RowException(MalformedReason.MISSING_CHAIN_ID, "props has no chainId");
        }
        long chain = digitsValue(chainId);
        if (chain == NOT_DIGITS) {
            throw new RowException(
                    MalformedReason.BAD_CHAIN_ID,
                    "props.chainId '" + FieldChecks.abbreviate(chainId) + "' is not a non-negative integer");
        }
        FieldChecks.chainId(chain == TOO_LONG ? Long.MAX_VALUE : chain, chainId);
        if (isAbsent(address)) {
            throw new RowException(MalformedReason.MISSING_CURRENCY_ADDRESS, "props has no currencyAddress");
        }
        FieldChecks.currencyAddress(address);
        if (isAbsent(symbol)) {
            symbol = null;
        } else {
            FieldChecks.currencySymbol(symbol);
        }
        return new Props(chain, address, symbol, collection, tokenId, txnHash, marketplaceType, requestId);
    }

    Nums nums(byte[] b, int offset, int length) throws RowException {
        String raw = null;
        String decimal = null;
        try (JsonParser parser = factory.createParser(b, offset, length)) {
            requireObjectStart(parser, MalformedReason.BAD_NUMS, "nums");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "currencyValueRaw" ->
                        raw = scalar(parser, value, MalformedReason.BAD_AMOUNT, "nums.currencyValueRaw");
                    case "currencyValueDecimal" ->
                        decimal = scalar(parser, value, MalformedReason.BAD_AMOUNT, "nums.currencyValueDecimal");
                    default -> parser.skipChildren();
                }
            }
            requireEnd(parser, MalformedReason.BAD_NUMS, "nums");
        } catch (IOException e) {
            throw new RowException(MalformedReason.BAD_NUMS, "nums is not a JSON object: " + jsonError(e));
        }
        boolean hasRaw = !isAbsent(raw);
        boolean hasDecimal = !isAbsent(decimal);
        if (!hasRaw && !hasDecimal) {
            throw new RowException(
                    MalformedReason.MISSING_AMOUNT, "nums has neither currencyValueRaw nor currencyValueDecimal");
        }
        return new Nums(hasRaw ? integerAmount(raw) : null, hasDecimal ? decimalAmount(decimal) : null);
    }

    private static void requireObjectStart(JsonParser parser, MalformedReason reason, String field)
            throws IOException, RowException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new RowException(reason, field + " is not a JSON object");
        }
    }

    /** After the object's closing brace nothing else may follow. */
    private static void requireEnd(JsonParser parser, MalformedReason reason, String field)
            throws IOException, RowException {
        if (parser.nextToken() != null) {
            throw new RowException(reason, field + " has content after its JSON object");
        }
    }

    /** A string or number value as text; null for JSON null. */
    private static String scalar(JsonParser parser, JsonToken value, MalformedReason reason, String key)
            throws IOException, RowException {
        if (value == JsonToken.VALUE_STRING
                || value == JsonToken.VALUE_NUMBER_INT
                || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new RowException(reason, key + " is not a string or a number");
    }

    /** A string or number value as text; null when it is blank or of another JSON type. */
    private static String descriptive(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING
                || value == JsonToken.VALUE_NUMBER_INT
                || value == JsonToken.VALUE_NUMBER_FLOAT) {
            String text = parser.getText();
            return isAbsent(text) ? null : text;
        }
        parser.skipChildren();
        return null;
    }

    /** A string value; null for JSON null. */
    private static String text(JsonParser parser, JsonToken value, MalformedReason reason, String key)
            throws IOException, RowException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new RowException(reason, key + " is not a string");
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }

    private static BigInteger integerAmount(String text) throws RowException {
        long value = digitsValue(text);
        if (value == NOT_DIGITS || text.length() > MAX_AMOUNT_DIGITS) {
            throw new RowException(
                    MalformedReason.BAD_AMOUNT,
                    "nums.currencyValueRaw '" + FieldChecks.abbreviate(text)
                            + "' is not a non-negative integer of at most " + MAX_AMOUNT_DIGITS + " digits");
        }
        if (value != TOO_LONG) {
            return BigInteger.valueOf(value);
        }
        int split = text.length() - MAX_LONG_DIGITS;
        if (split > MAX_LONG_DIGITS) {
            return new BigInteger(text);
        }
        // Most 18-decimal amounts have 19 to 36 digits: two longs are much cheaper than parsing a BigInteger.
        return BigInteger.valueOf(Long.parseLong(text, 0, split, 10))
                .multiply(TEN_TO_MAX_LONG_DIGITS)
                .add(BigInteger.valueOf(Long.parseLong(text, split, text.length(), 10)));
    }

    /** Plain notation only ({@code 12}, {@code 0.5}): an exponent could make a tiny text a huge number. */
    private static BigDecimal decimalAmount(String text) throws RowException {
        int length = text.length();
        int dot = -1;
        int digits = 0;
        long unscaled = 0;
        boolean plain = length > 0 && length <= MAX_DECIMAL_LENGTH;
        for (int i = 0; i < length && plain; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                unscaled = unscaled * 10 + (c - '0');
                digits++;
            } else {
                plain = c == '.' && dot < 0 && i > 0 && i < length - 1;
                dot = i;
            }
        }
        if (!plain) {
            throw new RowException(
                    MalformedReason.BAD_AMOUNT,
                    "nums.currencyValueDecimal '" + FieldChecks.abbreviate(text)
                            + "' is not a non-negative decimal number like 12.5");
        }
        return digits <= MAX_LONG_DIGITS
                ? BigDecimal.valueOf(unscaled, dot < 0 ? 0 : length - dot - 1)
                : new BigDecimal(text);
    }

    /**
     * The value of a string of ASCII digits; {@link #NOT_DIGITS} if it is empty or holds anything
     * else, {@link #TOO_LONG} if it has more than {@link #MAX_LONG_DIGITS} digits.
     */
    private static long digitsValue(String text) {
        int length = text.length();
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_DIGITS;
            }
            value = value * 10 + (c - '0');
        }
        return length == 0 ? NOT_DIGITS : length > MAX_LONG_DIGITS ? TOO_LONG : value;
    }

    private static String jsonError(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
