package dev.daybook.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.BinarySerde;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;

/** Every internal record reads back as it was written, distinct keys have distinct bytes, and no bytes crash a reader. */
class InternalSerdesPropertyTest {

    @Property
    void bucketKeysRoundTripAndDistinctKeysHaveDistinctBytes(
            @ForAll("bucketKeys") BucketKey key, @ForAll("bucketKeys") BucketKey other) {
        byte[] bytes = InternalSerdes.BUCKET_KEYS.write(key);

        assertThat(InternalSerdes.BUCKET_KEYS.read(bytes)).isEqualTo(key);
        assertThat(Arrays.equals(bytes, InternalSerdes.BUCKET_KEYS.write(other)))
                .isEqualTo(key.equals(other));
    }

    @Property
    void dayProjectsRoundTripAndDistinctKeysHaveDistinctBytes(
            @ForAll("dayProjects") DayProject key, @ForAll("dayProjects") DayProject other) {
        byte[] bytes = InternalSerdes.DAY_PROJECTS.write(key);

        assertThat(InternalSerdes.DAY_PROJECTS.read(bytes)).isEqualTo(key);
        assertThat(Arrays.equals(bytes, InternalSerdes.DAY_PROJECTS.write(other)))
                .isEqualTo(key.equals(other));
    }

    @Property
    void bucketsRoundTrip(@ForAll("buckets") Bucket bucket) {
        assertThat(InternalSerdes.BUCKETS.read(InternalSerdes.BUCKETS.write(bucket)))
                .isEqualTo(bucket);
    }

    @Property
    void currencyBucketsRoundTrip(@ForAll("currencyBuckets") CurrencyBucket value) {
        assertThat(InternalSerdes.CURRENCY_BUCKETS.read(InternalSerdes.CURRENCY_BUCKETS.write(value)))
                .isEqualTo(value);
    }

    @Property
    void contributionsRoundTrip(@ForAll("contributions") Contribution value) {
        assertThat(InternalSerdes.CONTRIBUTIONS.read(InternalSerdes.CONTRIBUTIONS.write(value)))
                .isEqualTo(value);
    }

    @Property
    void dailyTotalsRoundTrip(@ForAll("dailyTotals") DailyTotals value) {
        assertThat(InternalSerdes.DAILY_TOTALS.read(InternalSerdes.DAILY_TOTALS.write(value)))
                .isEqualTo(value);
    }

    /** Bytes that are not a record fail as a serialization error (which Streams routes), never otherwise. */
    @Property(tries = 3000)
    void anyBytesReadAsARecordThatWritesBackOrFailAsASerializationError(@ForAll("bytes") byte[] bytes) {
        for (BinarySerde<?> serde : SERDES) {
            readBack(serde, bytes);
        }
    }

    static final List<BinarySerde<?>> SERDES = List.of(
            InternalSerdes.BUCKET_KEYS,
            InternalSerdes.DAY_PROJECTS,
            InternalSerdes.BUCKETS,
            InternalSerdes.CURRENCY_BUCKETS,
            InternalSerdes.CONTRIBUTIONS,
            InternalSerdes.DAILY_TOTALS);

    /** Reads {@code bytes}; a record read must write and read back to itself. */
    static <T> void readBack(BinarySerde<T> serde, byte[] bytes) {
        T value;
        try {
            value = serde.read(bytes);
        } catch (SerializationException refused) {
            return;
        }
        assertThat(serde.read(serde.write(value))).isEqualTo(value);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        // most of them with the right version byte, so that the fields are reached
        return Arbitraries.oneOf(any, any.map(tail -> {
            byte[] versioned = new byte[tail.length + 1];
            versioned[0] = InternalSerdes.VERSION;
            System.arraycopy(tail, 0, versioned, 1, tail.length);
            return versioned;
        }));
    }

    @Provide
    Arbitrary<BucketKey> bucketKeys() {
        return Combinators.combine(days(), texts(), Arbitraries.longs(), texts())
                .as(BucketKey::new);
    }

    @Provide
    Arbitrary<DayProject> dayProjects() {
        return Combinators.combine(days(), texts()).as(DayProject::new);
    }

    @Provide
    Arbitrary<Bucket> buckets() {
        return Combinators.combine(Arbitraries.longs(), integers(), decimals(), Arbitraries.longs())
                .as(Bucket::new);
    }

    @Provide
    Arbitrary<CurrencyBucket> currencyBuckets() {
        Arbitrary<CurrencyBucket> known = Combinators.combine(
                        buckets(), Arbitraries.integers().between(0, 77), texts())
                .as(CurrencyBucket::new);
        return Arbitraries.oneOf(known, buckets().map(bucket -> new CurrencyBucket(bucket, null, null)));
    }

    @Provide
    Arbitrary<Contribution> contributions() {
        return Combinators.combine(Arbitraries.longs(), decimals(), Arbitraries.longs(), Arbitraries.longs())
                .as(Contribution::new);
    }

    @Provide
    Arbitrary<DailyTotals> dailyTotals() {
        return Combinators.combine(
                        Arbitraries.longs(), decimals(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs())
                .as(DailyTotals::new);
    }

    private static Arbitrary<LocalDate> days() {
        return Arbitraries.longs()
                .between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    /** Any Unicode text, including empty and beyond the Basic Multilingual Plane (no unpaired surrogates). */
    private static Arbitrary<String> texts() {
        return Arbitraries.integers()
                .between(0, Character.MAX_CODE_POINT)
                .filter(codePoint -> !Character.isSurrogate((char) codePoint.intValue()) || codePoint > 0xFFFF)
                .list()
                .ofMaxSize(12)
                .map(codePoints -> codePoints.stream()
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
    }

    private static Arbitrary<BigInteger> integers() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                .edgeCases(edges -> edges.add(BigInteger.ZERO));
    }

    private static Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(integers(), Arbitraries.integers().between(-40, 80))
                .as(BigDecimal::new);
    }
}
