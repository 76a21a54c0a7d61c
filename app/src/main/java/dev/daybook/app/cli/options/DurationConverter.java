package dev.daybook.app.cli.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one syntax of every duration option: a whole number with a unit ({@code 200ms}, {@code 10s}, {@code 5m},
 * {@code 1h}, {@code 2d}) or ISO-8601 ({@code PT0.2S}, {@code P30D}); never negative.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,15})(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        String given = value.strip();
        Matcher matcher = SHORT.matcher(given);
        Duration duration = null;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else if (given.startsWith("P")) {
            try {
                duration = Duration.parse(given);
            } catch (DateTimeParseException notIso) {
                // reported below like any other value that is not a duration
            }
        }
        if (duration == null || duration.isNegative()) {
            throw new TypeConversionException("'" + value
                    + "' is not a duration: use e.g. 200ms, 10s, 5m, 1h, 2d or ISO-8601 PT0.2S, not negative");
        }
        return duration;
    }
}
