package dev.daybook.connectors.rates.coingecko;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The wait a throttled answer's {@code Retry-After} header asks for. */
final class RetryAfter {

    /** A Retry-After beyond this is treated as this: the call is retried, and at worst throttled again. */
    static final Duration MAX = Duration.ofMinutes(5);

    private RetryAfter() {}

    /**
     * The wait {@code header} asks for: delay-seconds or an HTTP date (RFC 9110), at most {@link #MAX};
     * empty when absent or unreadable.
     */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        Duration wait;
        if (value.chars().allMatch(Character::isDigit)) {
            wait = value.length() > 9 ? MAX : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                wait = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(wait.compareTo(MAX) > 0 ? MAX : wait);
    }
}
