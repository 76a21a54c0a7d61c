package dev.daybook.app.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.daybook.app.progress.Progress.Count;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressReporterTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressReporter.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final StringWriter err = new StringWriter();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicLong rows = new AtomicLong();

    @BeforeEach
    void captureLogs() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logged);
    }

    private Progress progress() {
        return new Progress(new Count(rows.get() / 100, 10, "objects"), Count.of(rows.get(), "rows"));
    }

    @Test
    void onATerminalOneLineIsRewrittenAndEndedWithANewlineWhenClosed() throws Exception {
        ProgressReporter reporter = new ProgressReporter("run", this::progress, true, new PrintWriter(err), nanos::get);
        rows.set(100);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        reporter.report();
        rows.set(500);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        reporter.report();
        rows.set(1_000);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        reporter.close();

        assertThat(err.toString())
                .isEqualTo("\rrun: 1/10 objects, 100 rows, 100 rows/s, ETA 9s\033[K"
                        + "\rrun: 5/10 objects, 500 rows, 250 rows/s, ETA 2s\033[K"
                        + "\rrun: 10/10 objects, 1,000 rows, 250 rows/s\033[K" + System.lineSeparator());
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aTerminalNeverDrawnOnIsLeftUntouched() throws Exception {
        new ProgressReporter("run", this::progress, true, new PrintWriter(err), nanos::get).close();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void elsewhereEachReportIsALogLineAndNothingIsWrittenToStandardError() throws Exception {
        ProgressReporter reporter =
                new ProgressReporter("ingest", this::progress, false, new PrintWriter(err), nanos::get);
        rows.set(300);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        reporter.report();
        reporter.close();
        reporter.report();

        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Progress of ingest: 3/10 objects, 300 rows, 30 rows/s, ETA 24s");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aStartedReporterReportsEveryIntervalAndLeavesNoThreadWhenClosed() throws Exception {
        ProgressReporter reporter =
                ProgressReporter.start("run", this::progress, Duration.ofMillis(10), new PrintWriter(err));
        await().atMost(Duration.ofSeconds(10)).until(() -> logged.list.size() >= 2);

        reporter.close();

        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("daybook-progress"));
    }

    @Test
    void aZeroIntervalReportsNothing() throws Exception {
        ProgressReporter reporter = ProgressReporter.start("run", this::progress, Duration.ZERO, new PrintWriter(err));

        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("daybook-progress"));
        reporter.close();
        assertThat(logged.list).isEmpty();
        assertThat(err.toString()).isEmpty();
    }
}
