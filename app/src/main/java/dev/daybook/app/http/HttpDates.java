package dev.daybook.app.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** HTTP-dates ({@code Last-Modified}): IMF-fixdate, whole seconds, GMT. */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private HttpDates() {}

    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    static Instant parse(String value) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value, Instant::from);
    }
}
