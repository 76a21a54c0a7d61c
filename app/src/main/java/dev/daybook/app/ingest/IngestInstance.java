package dev.daybook.app.ingest;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Which share of a source's objects this ingester process takes when several processes ingest the same
 * source: instance {@code index} of {@code count} takes the objects whose routing hash modulo
 * {@code count} is {@code index}. Every process must be given the same count and a different index.
 */
public record IngestInstance(int index, int count) {

    /** The only instance: every object. */
    public static final IngestInstance ONLY = new IngestInstance(0, 1);

    public IngestInstance {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "ingest instance must be i/n with 0 <= i < n, not " + index + "/" + count);
        }
    }

    /** @param value {@code i/n}, e.g. {@code 0/2} */
    public static IngestInstance parse(String value) {
        String[] parts = value.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new IngestInstance(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (IllegalArgumentException e) {
            // a number out of range or not a number: reported below
        }
        throw new IllegalArgumentException(
                "'" + value + "' is not an ingest instance like 0/2 (index from 0, then the number of instances)");
    }

    /** Whether this instance takes the object with this routing hash. */
    public boolean owns(long routingHash) {
        return Long.remainderUnsigned(routingHash, count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** For picocli. */
    public static final class Converter implements ITypeConverter<IngestInstance> {
        @Override
        public IngestInstance convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
