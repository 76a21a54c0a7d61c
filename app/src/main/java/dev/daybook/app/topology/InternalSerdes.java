package dev.daybook.app.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.time.LocalDate;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The binary form of every internal record, in the stores, their changelogs and the internal topics; after
 * {@link BinarySerde}'s version byte (1):
 *
 * <pre>
 * BucketKey:      day | project id | chain id | currency address
 * DayProject:     day | project id
 * Bucket:         count | newest | raw sum | decimal sum
 * CurrencyBucket: Bucket | token known (0 or 1) | [decimals | coin id]
 * Contribution:   count | newest | unpriced | usd
 * DailyTotals:    count | newest | unpriced | version | usd
 * </pre>
 *
 * A day is its epoch day and every other integer of at most 64 bits a zig-zag varint (Kafka's {@link ByteUtils});
 * a string is its UTF-8 length as an unsigned varint, then its bytes; a big integer its two's-complement length
 * and bytes; a decimal its scale, then its unscaled value as a big integer. A key's bytes are its identity in the
 * stores, so the same key always has the same bytes.
 */
final class InternalSerdes {

    static final BinarySerde<BucketKey> BUCKET_KEYS =
            new BinarySerde<>("BucketKey", InternalSerdes::writeBucketKey, InternalSerdes::readBucketKey);
    static final BinarySerde<DayProject> DAY_PROJECTS =
            new BinarySerde<>("DayProject", InternalSerdes::writeDayProject, InternalSerdes::readDayProject);
    static final BinarySerde<Bucket> BUCKETS =
            new BinarySerde<>("Bucket", InternalSerdes::writeBucket, InternalSerdes::readBucket);
    static final BinarySerde<CurrencyBucket> CURRENCY_BUCKETS = new BinarySerde<>(
            "CurrencyBucket", InternalSerdes::writeCurrencyBucket, InternalSerdes::readCurrencyBucket);
    static final BinarySerde<Contribution> CONTRIBUTIONS =
            new BinarySerde<>("Contribution", InternalSerdes::writeContribution, InternalSerdes::readContribution);
    static final BinarySerde<DailyTotals> DAILY_TOTALS =
            new BinarySerde<>("DailyTotals", InternalSerdes::writeDailyTotals, InternalSerdes::readDailyTotals);

    private InternalSerdes() {}

    private static void writeBucketKey(BucketKey key, DataOutput out) throws IOException {
        ByteUtils.writeVarlong(key.day().toEpochDay(), out);
        writeString(key.projectId(), out);
        ByteUtils.writeVarlong(key.chainId(), out);
        writeString(key.currencyAddress(), out);
    }

    private static BucketKey readBucketKey(ByteBuffer in) {
        LocalDate day = LocalDate.ofEpochDay(ByteUtils.readVarlong(in));
        String projectId = readString(in);
        long chainId = ByteUtils.readVarlong(in);
        return new BucketKey(day, projectId, chainId, readString(in));
    }

    private static void writeDayProject(DayProject key, DataOutput out) throws IOException {
        ByteUtils.writeVarlong(key.day().toEpochDay(), out);
        writeString(key.projectId(), out);
    }

    private static DayProject readDayProject(ByteBuffer in) {
        LocalDate day = LocalDate.ofEpochDay(ByteUtils.readVarlong(in));
        return new DayProject(day, readString(in));
    }

    private static void writeBucket(Bucket bucket, DataOutput out) throws IOException {
        ByteUtils.writeVarlong(bucket.count(), out);
        ByteUtils.writeVarlong(bucket.newest(), out);
        writeInteger(bucket.rawSum(), out);
        writeDecimal(bucket.decimalSum(), out);
    }

    private static Bucket readBucket(ByteBuffer in) {
        long count = ByteUtils.readVarlong(in);
        long newest = ByteUtils.readVarlong(in);
        BigInteger rawSum = readInteger(in);
        return new Bucket(count, rawSum, readDecimal(in), newest);
    }

    private static void writeCurrencyBucket(CurrencyBucket value, DataOutput out) throws IOException {
        writeBucket(value.bucket(), out);
        boolean known = value.decimals() != null;
        if (known != (value.coinId() != null)) {
            throw new IllegalArgumentException("a currency bucket has both decimals and coin id or neither: " + value);
        }
        out.writeBoolean(known);
        if (known) {
            ByteUtils.writeVarint(value.decimals(), out);
            writeString(value.coinId(), out);
        }
    }

    private static CurrencyBucket readCurrencyBucket(ByteBuffer in) {
        Bucket bucket = readBucket(in);
        byte known = in.get();
        if (known == 0) {
            return new CurrencyBucket(bucket, null, null);
        }
        if (known != 1) {
            throw new IllegalArgumentException("token known must be 0 or 1, not " + known);
        }
        int decimals = ByteUtils.readVarint(in);
        return new CurrencyBucket(bucket, decimals, readString(in));
    }

    private static void writeContribution(Contribution value, DataOutput out) throws IOException {
        ByteUtils.writeVarlong(value.count(), out);
        ByteUtils.writeVarlong(value.newest(), out);
        ByteUtils.writeVarlong(value.unpriced(), out);
        writeDecimal(value.usd(), out);
    }

    private static Contribution readContribution(ByteBuffer in) {
        long count = ByteUtils.readVarlong(in);
        long newest = ByteUtils.readVarlong(in);
        long unpriced = ByteUtils.readVarlong(in);
        return new Contribution(count, readDecimal(in), unpriced, newest);
    }

    private static void writeDailyTotals(DailyTotals value, DataOutput out) throws IOException {
        ByteUtils.writeVarlong(value.count(), out);
        ByteUtils.writeVarlong(value.newest(), out);
        ByteUtils.writeVarlong(value.unpriced(), out);
        ByteUtils.writeVarlong(value.version(), out);
        writeDecimal(value.usd(), out);
    }

    private static DailyTotals readDailyTotals(ByteBuffer in) {
        long count = ByteUtils.readVarlong(in);
        long newest = ByteUtils.readVarlong(in);
        long unpriced = ByteUtils.readVarlong(in);
        long version = ByteUtils.readVarlong(in);
        return new DailyTotals(count, readDecimal(in), unpriced, version, newest);
    }

    private static void writeString(String text, DataOutput out) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                writeBytes(strictUtf8(text), out);
                return;
            }
        }
        writeBytes(text.getBytes(UTF_8), out);
    }

    /** An unpaired surrogate fails instead of becoming '?', which would merge it with another key. */
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

    private static String readString(ByteBuffer in) {
        int length = readLength(in);
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static void writeInteger(BigInteger value, DataOutput out) throws IOException {
        writeBytes(value.toByteArray(), out);
    }

    private static BigInteger readInteger(ByteBuffer in) {
        int length = readLength(in);
        BigInteger value = new BigInteger(in.array(), in.arrayOffset() + in.position(), length);
        in.position(in.position() + length);
        return value;
    }

    private static void writeDecimal(BigDecimal value, DataOutput out) throws IOException {
        ByteUtils.writeVarint(value.scale(), out);
        writeInteger(value.unscaledValue(), out);
    }

    private static BigDecimal readDecimal(ByteBuffer in) {
        int scale = ByteUtils.readVarint(in);
        return new BigDecimal(readInteger(in), scale);
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
