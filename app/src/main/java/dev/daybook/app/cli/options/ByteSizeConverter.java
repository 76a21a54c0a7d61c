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
        Matcher size = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (size.matches()) {
            int shift = switch (size.group(2)) {
                case "kib" -> 10;
                case "mib" -> 20;
                case "gib" -> 30;
                case "tib" -> 40;
                default -> 0;
            };
            long number = Long.parseLong(size.group(1));
            if (number > 0 && number <= Long.MAX_VALUE >> shift) {
                return number << shift;
            }
        }
        throw new TypeConversionException("'" + value + "' is not a positive size like 1048576, 64MiB or 10GiB");
    }
}
