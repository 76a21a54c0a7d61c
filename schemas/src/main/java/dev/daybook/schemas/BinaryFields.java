package dev.daybook.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The fields of Daybook's binary records, beside Kafka's varints ({@link ByteUtils}): a string is its UTF-8 length
 * as an unsigned varint, then its bytes; a big integer its two's-complement length and bytes; a decimal its scale
 * as a zig-zag varint, then its unscaled value as a big integer. The same value always has the same bytes.
 */
public final class BinaryFields {

    private BinaryFields() {}

    public static void writeString(String text, DataOutput out) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                writeBytes(strictUtf8(text), out);
                return;
            }
        }
        writeBytes(text.getBytes(UTF_8), out);
    }

    public static String readString(ByteBuffer in) {
        int length = readLength(in);
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, UTF_8);
        in.position(in.position() + length);
        return text;
    }

    public static void writeInteger(BigInteger value, DataOutput out) throws IOException {
        writeBytes(value.toByteArray(), out);
    }

    public static BigInteger readInteger(ByteBuffer in) {
        int length = readLength(in);
        BigInteger value = new BigInteger(in.array(), in.arrayOffset() + in.position(), length);
        in.position(in.position() + length);
        return value;
    }

    public static void writeDecimal(BigDecimal value, DataOutput out) throws IOException {
        ByteUtils.writeVarint(value.scale(), out);
        writeInteger(value.unscaledValue(), out);
    }

    public static BigDecimal readDecimal(ByteBuffer in) {
        int scale = ByteUtils.readVarint(in);
        return new BigDecimal(readInteger(in), scale);
    }

    /** An unpaired surrogate fails instead of becoming '?', which would merge it with another value. */
    private static byte[] strictUtf8(String text) {
        try {
            ByteBuffer encoded = UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not valid Unicode (an unpaired surrogate): " + text, e);
        }
    }

    private static void writeBytes(byte[] bytes, DataOutput out) throws IOException {
        ByteUtils.writeUnsignedVarint(bytes.length, out);
        out.write(bytes);
    }

    /** A length that the bytes left can hold, so that a corrupt one fails here rather than allocating. */
    private static int readLength(ByteBuffer in) {
        int length = ByteUtils.readUnsignedVarint(in);
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a length of " + length + " with " + in.remaining() + " bytes left");
        }
        return length;
    }
}
