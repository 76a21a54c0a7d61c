package dev.daybook.connectors.csv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks on the fields of a row that become keys or columns of a transaction, so that junk in a
 * file cannot become a project, a day or a currency of its own. One instance per decoder: it keeps
 * a strict UTF-8 decoder. Not thread-safe.
 */
final class FieldChecks {

    /**
     * Longest {@code project_id}, in UTF-8 bytes. Real ids are a few digits; 128 leaves room for
     * any id scheme (a UUID is 36, a SHA-256 in hex 64) while keeping keys, state stores and
     * warehouse rows small.
     */
    static final int MAX_PROJECT_ID_BYTES = 128;
    /** Longest {@code currencySymbol}, in characters; real ERC-20 symbols have up to about 11. */
    static final int MAX_CURRENCY_SYMBOL_LENGTH = 32;
    /** The largest chain id EIP-2294 allows: {@code floor(MAX_UINT64 / 2) - 36}. */
    static final long MAX_CHAIN_ID = 4_503_599_627_370_476L;
    /** An EVM address: {@code 0x} and 20 bytes in hex. */
    private static final int ADDRESS_LENGTH = 42;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * The {@code project_id} in {@code b[start, end)}: at most {@link #MAX_PROJECT_ID_BYTES} bytes of
     * valid UTF-8 without control characters, not blank.
     */
    String projectId(byte[] b, int start, int end) throws RowException {
        int length = end - start;
        if (length > MAX_PROJECT_ID_BYTES) {
            throw new RowException(
                    MalformedReason.PROJECT_ID_TOO_LONG,
                    "project_id has " + length + " bytes, more than " + MAX_PROJECT_ID_BYTES);
        }
        String text = strictUtf8(b, start, length);
        if (text == null) {
            throw new RowException(MalformedReason.BAD_PROJECT_ID, "project_id is not valid UTF-8");
        }
        if (text.isBlank()) {
            throw new RowException(MalformedReason.EMPTY_PROJECT_ID, "project_id is empty");
        }
        int control = firstControlCharacter(text);
        if (control >= 0) {
            throw new RowException(
                    MalformedReason.BAD_PROJECT_ID,
                    "project_id has the control character " + codePoint(text.charAt(control)) + " at character "
                            + (control + 1));
        }
        return text;
    }

    /** {@code 0x} and 40 hex digits, in any case: the address of a token on an EVM chain. */
    static void currencyAddress(String address) throws RowException {
        boolean valid = address.length() == ADDRESS_LENGTH
                && address.charAt(0) == '0'
                && (address.charAt(1) == 'x' || address.charAt(1) == 'X');
        for (int i = 2; i < address.length() && valid; i++) {
            valid = Character.digit(address.charAt(i), 16) >= 0 && address.charAt(i) < 0x80;
        }
        if (!valid) {
            throw new RowException(
                    MalformedReason.BAD_CURRENCY_ADDRESS,
                    "props.currencyAddress '" + abbreviate(address) + "' is not an EVM address (0x and 40 hex digits)");
        }
    }

    /** At most {@link #MAX_CURRENCY_SYMBOL_LENGTH} characters, no control characters, no broken surrogate pairs. */
    static void currencySymbol(String symbol) throws RowException {
        if (symbol.codePointCount(0, symbol.length()) > MAX_CURRENCY_SYMBOL_LENGTH) {
            throw new RowException(
                    MalformedReason.BAD_CURRENCY_SYMBOL,
                    "props.currencySymbol has more than " + MAX_CURRENCY_SYMBOL_LENGTH + " characters");
        }
        int control = firstControlCharacter(symbol);
        if (control >= 0) {
            throw new RowException(
                    MalformedReason.BAD_CURRENCY_SYMBOL,
                    "props.currencySymbol has the control character " + codePoint(symbol.charAt(control)));
        }
        if (hasLoneSurrogate(symbol)) {
            throw new RowException(
                    MalformedReason.BAD_CURRENCY_SYMBOL, "props.currencySymbol has an unpaired UTF-16 surrogate");
        }
    }

    /** 1 to {@link #MAX_CHAIN_ID}. */
    static void chainId(long chainId, String text) throws RowException {
        if (chainId < 1 || chainId > MAX_CHAIN_ID) {
            throw new RowException(
                    MalformedReason.CHAIN_ID_OUT_OF_RANGE,
                    "props.chainId '" + abbreviate(text) + "' is not between 1 and " + MAX_CHAIN_ID);
        }
    }

    /** The text, or null if the bytes are not valid UTF-8 (never a replacement character). */
    private String strictUtf8(byte[] b, int start, int length) {
        boolean ascii = true;
        for (int i = start; i < start + length && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii) {
            return new String(b, start, length, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(b, start, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Index of the first C0 control, DEL or C1 control character, or -1. */
    private static int firstControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /** The start of a value for a message, control characters shown as {@code ?}. */
    static String abbreviate(String text) {
        String start = text.length() <= 100 ? text : text.substring(0, 100) + "…";
        StringBuilder shown = new StringBuilder(start);
        for (int i = firstControlCharacter(start); i >= 0 && i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                shown.setCharAt(i, '?');
            }
        }
        return shown.toString();
    }
}
