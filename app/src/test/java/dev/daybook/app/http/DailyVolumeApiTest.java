package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/daily-volume} of one instance running the pipeline on a real broker. */
class DailyVolumeApiTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    static Path stateDir;

    private static DaybookInstance daybook;

    @BeforeAll
    static void startAndLoad() {
        Topics topics = kafka.createTopics();
        daybook = new DaybookInstance(kafka, topics, "api-test", stateDir, () -> Readiness.Health.READY);
        TestData.produce(kafka, topics);
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(daybook.get("/api/daily-volume").body()).isEqualTo(TestData.TABLE));
    }

    @AfterAll
    static void stop() throws Exception {
        daybook.close();
    }

    @Test
    void theWholeTableIsSortedByDateThenProjectWithExactVolumesAndItsFreshness() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(TestData.TABLE);
        assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 16 Apr 2024 10:30:00 GMT");
    }

    @Test
    void oneProjectOverADateRange() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume?project_id=4974&from=2024-04-15&to=2024-04-16");

        assertThat(response.body()).isEqualTo(TestData.json(List.of(
                TestData.row("2024-04-15", "4974", 2, "6.08", 0), TestData.row("2024-04-16", "4974", 1, "10", 0))));
        assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 16 Apr 2024 10:01:00 GMT");
    }

    @Test
    void openEndedRangesAndOneRow() throws Exception {
        assertThat(daybook.get("/api/daily-volume?from=2024-04-16").body())
                .isEqualTo(TestData.rows(row -> row.contains("2024-04-16")));
        assertThat(daybook.get("/api/daily-volume?to=2024-04-14").body())
                .isEqualTo(TestData.rows(row -> row.contains("2024-04-14")));
        assertThat(daybook.get("/api/daily-volume?project_id=1881&from=2024-04-16&to=2024-04-16").body())
                .isEqualTo("[" + TestData.row("2024-04-16", "1881", 2, "9", 1) + "]");
    }

    @Test
    void aQueryMatchingNothingIsAnEmptyArrayWithoutLastModified() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume?project_id=no-such-project");
        HttpResponse<String> oneMissingRow = daybook.get("/api/daily-volume?project_id=1881&from=2024-05-01&to=2024-05-01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
        assertThat(response.headers().firstValue("Last-Modified")).isEmpty();
        assertThat(oneMissingRow.body()).isEqualTo("[]");
    }

    @Test
    void aMistakeIsA400SayingWhatToFix() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume?from=2024-04-16&to=2024-04-14");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"from 2024-04-16 is after to 2024-04-14: from must be on or before to\"}");
    }

    @Test
    void theInstanceIsReadyOnceStreamsRuns() throws Exception {
        HttpResponse<String> ready = daybook.get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
    }
}
