package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daybook run} as users run it, each in a JVM of its own with its embedded broker: the exact
 * output contract of {@code --once}, and a continuous run that serves the dashboard and stops cleanly. A
 * continuous run killed in the middle is in {@link RestartAfterKillTest}.
 */
@Tag("integration")
class DaybookProcessTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void runOncePrintsExactlyTheTableOnStandardOutputAndLogsItsProgressAndEndsStandardErrorWithTheSummary()
            throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_200, 400, 21);

        try (DaybookProcess daybook = DaybookProcess.start(
                dir,
                "once",
                List.of(
                        "run",
                        "--once",
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--source",
                        scenario.events.toUri().toString(),
                        "--tokens",
                        scenario.tokens.toString(),
                        "--rates",
                        "file:" + scenario.allRates,
                        "--warehouse",
                        "print",
                        "--progress-interval",
                        "20ms"))) {

            assertThat(daybook.exitCode(RUN_TIMEOUT)).as(daybook.stderr()).isZero();
            String expected = scenario.expectedCsv(true);
            assertThat(daybook.stdout()).isEqualTo(expected);
            assertThat(daybook.lastErrLine())
                    .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1))
                    .matches(".*\"elapsed_ms\":\\d+,\"this_run\":"
                            + Pattern.quote(scenario.expectedCounts(scenario.fileNames(), 0)) + "}");
            assertThat(daybook.stderr())
                    .as("not a terminal: progress is logged")
                    .containsPattern(" INFO .* - Progress of run: \\d+/\\d+ objects, [\\d,]+ rows, [\\d,]+ rows/s");
        }
    }

    @Test
    void aContinuousRunServesTheDashboardWhoseAddressItPrintsAndStopsCleanlyOnSigterm() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 100, 100, 23);
        try (DaybookProcess continuous = DaybookProcess.start(
                dir,
                "dashboard",
                List.of(
                        "run",
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--source",
                        scenario.events.toUri().toString(),
                        "--tokens",
                        scenario.tokens.toString(),
                        "--rates",
                        "file:" + scenario.allRates,
                        "--http-host",
                        "127.0.0.1",
                        "--http-port",
                        "0"))) {
            Pattern dashboard = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
            AtomicReference<String> url = new AtomicReference<>();
            await().atMost(RUN_TIMEOUT).until(() -> {
                assertThat(continuous.isAlive()).as("the run is alive").isTrue();
                Matcher matcher = dashboard.matcher(continuous.stderr());
                return matcher.find() && url.compareAndSet(null, matcher.group(1));
            });

            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url.get())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Daybook");
            await().atMost(RUN_TIMEOUT)
                    .untilAsserted(() -> assertThat(HTTP.send(
                                            HttpRequest.newBuilder(URI.create(url.get() + "health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .isEqualTo(200));

            assertThat(continuous.stop(RUN_TIMEOUT))
                    .as("stopped by SIGTERM after a clean shutdown")
                    .isEqualTo(143);
            assertThat(continuous.stderr()).doesNotContain(" ERROR ").contains("Embedded Kafka broker stopped");
        }
    }
}
