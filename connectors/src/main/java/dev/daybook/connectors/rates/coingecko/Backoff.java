package dev.daybook.connectors.rates.coingecko;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** How long to wait before retrying a throttled or failed call. */
final class Backoff {

    static final Duration BASE = Duration.ofSeconds(2);
    static final Duration CAP = Duration.ofMinutes(1);
    /** A Retry-After beyond this is treated as this: the call is retried, and at worst throttled again. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final DoubleSupplier random;

    /** @param random uniform in [0, 1), the jitter's source */
    Backoff(DoubleSupplier random) {
        this.random = random;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): {@code BASE · 2^(retry-1)}, capped at
     * {@link #CAP}, then jittered to between half and all of it so that clients do not retry in step.
     */
    Duration delay(int retry) {
        Duration full = BASE.multipliedBy(1L << Math.min(retry - 1, 20));
        if (full.compareTo(CAP) > 0) {
            full = CAP;
        }
        long halfMillis = full.toMillis() / 2;
        return Duration.ofMillis(halfMillis + Math.round(halfMillis * random.getAsDouble()));
    }

    /**
     * The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP date (RFC 9110), at most
     * {@link #MAX_RETRY_AFTER}; empty when absent or unreadable.
     */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        Duration wait;
        if (value.chars().allMatch(Character::isDigit)) {
            wait = value.length() > 9 ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }
}
