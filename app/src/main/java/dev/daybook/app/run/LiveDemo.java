package dev.daybook.app.run;

import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.connectors.generate.LiveRows;
import dev.daybook.connectors.reference.BundledReference;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo live: every interval it writes a small file of new transactions, timed since the previous
 * file, into the demo's events directory, where the ingester picks it up like any other file. When the demo
 * runs with its own rates, it first publishes today's demo rates (the bundled demo's last day, dated today),
 * again whenever the UTC day changes, so that the new transactions are priced.
 *
 * <p>File {@code n} of a day is {@code sequence-live-<day>-<n>.csv}, its content a function of the day, the
 * number and its time window; a restart continues after the last number there is.
 */
public final class LiveDemo implements Service {

    static final String FILE_PREFIX = "sequence-live-";
    private static final Pattern FILE_NAME = Pattern.compile("sequence-live-(\\d{4}-\\d{2}-\\d{2})-(\\d+)\\.csv");
    private static final int MIN_ROWS = 3;
    private static final int MAX_ROWS = 12;
    private static final Logger log = LoggerFactory.getLogger(LiveDemo.class);

    private final Path events;
    private final Duration interval;
    private final RatesTarget rates;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "daybook-live-demo");
        thread.setDaemon(true);
        return thread;
    });
    private LocalDate day;
    private int nextFile;
    private Instant last;

    /**
     * Where today's demo rates go.
     *
     * @param publisher publishes what the topic does not hold yet
     */
    public record RatesTarget(ReferencePublisher publisher, Topic<String, Rate> topic) {}

    /** @param rates where today's demo rates go; null when the demo runs with other rates */
    public LiveDemo(Path events, Duration interval, RatesTarget rates, Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the live demo's interval must be positive, not " + interval);
        }
        this.events = events;
        this.interval = interval;
        this.rates = rates;
        this.clock = clock;
    }

    @Override
    public void start(FailureListener failures) {
        log.info("The demo stays live: new transactions for today every {} ms", interval.toMillis());
        var unused = timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        tick();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException | RuntimeException e) {
                        // a write cut short by close() is no failure
                        if (!timer.isShutdown()) {
                            timer.shutdown();
                            failures.failed("the live demo stopped: " + e);
                        }
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Publishes today's rates when the day is new, then writes the transactions since the last file. */
    void tick() throws IOException, InterruptedException {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
            if (rates != null) {
                rates.publisher()
                        .publish(
                                rates.topic(),
                                ratesFor(today),
                                (held, wanted) -> held.usd().compareTo(wanted.usd()) == 0);
            }
            day = today;
            nextFile = nextFileNumber(today);
        }
        Instant startOfDay = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant from = last == null ? now.minus(interval) : last;
        if (from.isBefore(startOfDay)) {
            from = startOfDay;
        }
        if (!from.isBefore(now)) {
            return;
        }
        int number = nextFile++;
        long seed = today.toEpochDay() * 1_000_003L + number;
        int rows = MIN_ROWS + Math.floorMod(seed * 0x9E3779B97F4A7C15L, MAX_ROWS - MIN_ROWS + 1);
        LiveRows.write(events, fileName(today, number), seed, rows, from, now);
        last = now;
    }

    /** The demo rates of the bundle's last day, dated {@code day}, by rates-topic key. */
    static Map<String, Rate> ratesFor(LocalDate day) {
        List<RateRow> bundled = BundledReference.demoRates();
        LocalDate lastDay = bundled.stream()
                .map(RateRow::date)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Map<String, Rate> rates = new TreeMap<>();
        for (RateRow row : bundled) {
            if (row.date().equals(lastDay)) {
                RateRow today = new RateRow(day, row.coinId(), row.rate());
                rates.put(today.key(), today.rate());
            }
        }
        return rates;
    }

    static String fileName(LocalDate day, int number) {
        return String.format("%s%s-%05d.csv", FILE_PREFIX, day, number);
    }

    /** One after the highest number of {@code day}'s files there are. */
    private int nextFileNumber(LocalDate day) throws IOException {
        if (!Files.isDirectory(events)) {
            return 0;
        }
        int next = 0;
        try (Stream<Path> files = Files.list(events)) {
            for (Path file : files.toList()) {
                Matcher name = FILE_NAME.matcher(file.getFileName().toString());
                if (name.matches() && name.group(1).equals(day.toString())) {
                    next = Math.max(next, Integer.parseInt(name.group(2)) + 1);
                }
            }
        }
        return next;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The live demo did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
