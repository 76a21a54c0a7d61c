package dev.daybook.app.topology;

import static dev.daybook.schemas.BinaryFields.readDecimal;
import static dev.daybook.schemas.BinaryFields.readInteger;
import static dev.daybook.schemas.BinaryFields.readString;
import static dev.daybook.schemas.BinaryFields.writeDecimal;
import static dev.daybook.schemas.BinaryFields.writeInteger;
import static dev.daybook.schemas.BinaryFields.writeString;

import dev.daybook.schemas.BinarySerde;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The binary form of every internal record, in the stores, their changelogs and the internal topics; after
 * {@link BinarySerde}'s version byte ({@link #VERSION}):
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
 * strings, big integers and decimals as {@link dev.daybook.schemas.BinaryFields} writes them. A key's bytes are its
 * identity in the stores, so the same key always has the same bytes.
 */
final class InternalSerdes {

    /** The internal records' format; a change that old bytes cannot be read by needs a new one (docs/operations.md). */
    static final byte VERSION = 1;

    static final BinarySerde<BucketKey> BUCKET_KEYS =
            new BinarySerde<>("BucketKey", VERSION, InternalSerdes::writeBucketKey, InternalSerdes::readBucketKey);
    static final BinarySerde<DayProject> DAY_PROJECTS =
            new BinarySerde<>("DayProject", VERSION, InternalSerdes::writeDayProject, InternalSerdes::readDayProject);
    static final BinarySerde<Bucket> BUCKETS =
            new BinarySerde<>("Bucket", VERSION, InternalSerdes::writeBucket, InternalSerdes::readBucket);
    static final BinarySerde<CurrencyBucket> CURRENCY_BUCKETS = new BinarySerde<>(
            "CurrencyBucket", VERSION, InternalSerdes::writeCurrencyBucket, InternalSerdes::readCurrencyBucket);
    static final BinarySerde<Contribution> CONTRIBUTIONS = new BinarySerde<>(
            "Contribution", VERSION, InternalSerdes::writeContribution, InternalSerdes::readContribution);
    static final BinarySerde<DailyTotals> DAILY_TOTALS = new BinarySerde<>(
            "DailyTotals", VERSION, InternalSerdes::writeDailyTotals, InternalSerdes::readDailyTotals);

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
}
