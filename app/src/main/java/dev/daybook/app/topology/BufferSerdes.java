package dev.daybook.app.topology;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Binary forms of {@link BucketKey} and {@link Bucket} for the pre-aggregation buffer, which serializes a sum
 * once per transaction: JSON there cost more than the repartition it saves. Only that store and its changelog
 * use them; every other internal topic and store keeps its JSON. {@link PreAggregationProcessor} calls them
 * itself (the store holds bytes), so that it serializes a bucket's key once per interval.
 *
 * <pre>
 * key:    day (epoch day, int) | chain id (long) | project id length (int) | project id | currency address (UTF-8, to the end)
 * bucket: count (long) | newest event time (long) | raw sum length (int) | raw sum (two's complement) | decimal scale (int) | decimal unscaled (two's complement, to the end)
 * </pre>
 */
final class BufferSerdes {

    private BufferSerdes() {}

    static byte[] writeKey(BucketKey key) {
        byte[] project = key.projectId().getBytes(StandardCharsets.UTF_8);
        byte[] address = key.currencyAddress().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + Long.BYTES + Integer.BYTES + project.length + address.length)
                .putInt(Math.toIntExact(key.day().toEpochDay()))
                .putLong(key.chainId())
                .putInt(project.length)
                .put(project)
                .put(address)
                .array();
    }

    static BucketKey readKey(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            LocalDate day = LocalDate.ofEpochDay(in.getInt());
            long chainId = in.getLong();
            String project = utf8(in, in.getInt());
            String address = utf8(in, in.remaining());
            return new BucketKey(day, project, chainId, address);
        } catch (RuntimeException e) {
            throw new SerializationException("not a buffered bucket key", e);
        }
    }

    static byte[] writeBucket(Bucket bucket) {
        byte[] raw = bucket.rawSum().toByteArray();
        byte[] unscaled = bucket.decimalSum().unscaledValue().toByteArray();
        return ByteBuffer.allocate(
                        Long.BYTES + Long.BYTES + Integer.BYTES + raw.length + Integer.BYTES + unscaled.length)
                .putLong(bucket.count())
                .putLong(bucket.newest())
                .putInt(raw.length)
                .put(raw)
                .putInt(bucket.decimalSum().scale())
                .put(unscaled)
                .array();
    }

    static Bucket readBucket(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long count = in.getLong();
            long newest = in.getLong();
            int rawLength = in.getInt();
            BigInteger raw = new BigInteger(bytes, in.position(), rawLength);
            in.position(in.position() + rawLength);
            int scale = in.getInt();
            BigInteger unscaled = new BigInteger(bytes, in.position(), in.remaining());
            return new Bucket(count, raw, new BigDecimal(unscaled, scale), newest);
        } catch (RuntimeException e) {
            throw new SerializationException("not a buffered bucket", e);
        }
    }

    private static String utf8(ByteBuffer in, int length) {
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }
}
