package dev.daybook.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * When this process first read a byte of a file below a directory: Java Flight Recorder's {@code jdk.FileRead}
 * events, every one of them (no duration threshold), without stack traces. That is the benchmark's start, the
 * moment the ingester begins reading the input, whatever the command did to get there (starting the
 * aggregation, publishing the reference data, fencing earlier producers).
 */
final class FirstRead implements AutoCloseable {

    private static final String FILE_READ = "jdk.FileRead";

    private final String directory;
    private final AtomicReference<Instant> first = new AtomicReference<>();
    private final RecordingStream stream = new RecordingStream();

    FirstRead(Path directory) {
        this.directory = directory.toAbsolutePath().normalize() + "/";
        stream.enable(FILE_READ).withThreshold(Duration.ZERO).withoutStackTrace();
        stream.setMaxAge(Duration.ofSeconds(10));
        stream.onEvent(FILE_READ, this::onRead);
    }

    void start() {
        stream.startAsync();
    }

    private void onRead(RecordedEvent event) {
        String path = event.getString("path");
        if (path != null && path.startsWith(directory)) {
            first.accumulateAndGet(
                    event.getStartTime(), (held, now) -> held == null || now.isBefore(held) ? now : held);
        }
    }

    /** The first read seen so far; events reach the stream about a second after they happen. */
    Optional<Instant> first() {
        return Optional.ofNullable(first.get());
    }

    @Override
    public void close() {
        stream.close();
    }
}
