package dev.daybook.app.cli.options;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a positive size in bytes, plain ({@code 1048576}) or with a binary unit: {@code 512KiB}, {@code 64MiB}, {@code 10GiB}, {@code 1TiB}. */
public final class ByteSizeConverter implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(|b|kib|mib|gib|tib)");

    @Override
    public Long convert(String value) {
        long size = parse(value);
        if (size > 0) {
            return size;
        }
        throw new TypeConversionException("'" + value + "' is not a positive size like 1048576, 64MiB or 10GiB");
    }

    /** Reads a size as {@link ByteSizeConverter} does, or {@code 0}: for a limit that 0 turns off. */
    public static final class OrZero implements ITypeConverter<Long> {

        @Override
        public Long convert(String value) {
            long size = parse(value);
            if (size >= 0) {
                return size;
            }
            throw new TypeConversionException("'" + value + "' is not a size like 0, 1048576, 64MiB or 10GiB");
        }
    }

    /** The size in bytes, or -1 when {@code value} is not one. */
    private static long parse(String value) {
        Matcher size = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            return -1;
        }
        int shift = switch (size.group(2)) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            default -> 0;
        };
        long number = Long.parseLong(size.group(1));
        return number <= Long.MAX_VALUE >> shift ? number << shift : -1;
    }
}
