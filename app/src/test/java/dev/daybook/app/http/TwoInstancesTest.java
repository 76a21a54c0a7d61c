package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.kafka.TopicSetup;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.TopicCatalogue;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with the same application id share four partitions, each with its own store and HTTP
 * server: whichever is asked answers from the whole table.
 */
@Tag("integration")
class TwoInstancesTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    static Path stateDirs;

    private static DaybookInstance first;
    private static DaybookInstance second;

    @BeforeAll
    static void startBothAndLoad() throws Exception {
        TopicCatalogue topics = kafka.uniqueTopics();
        try (Admin admin = kafka.admin()) {
            new TopicSetup(topics, 4, TopicSetup.BROKER_DEFAULT_REPLICATION).apply(admin);
        }
        first = new DaybookInstance(
                kafka, topics, "shared-app", stateDirs.resolve("first"), () -> Readiness.Health.READY);
        second = new DaybookInstance(
                kafka, topics, "shared-app", stateDirs.resolve("second"), () -> Readiness.Health.READY);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(first.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(second.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(first.dailyTotalsPartitions()).isNotEmpty();
            assertThat(second.dailyTotalsPartitions()).isNotEmpty();
        });
        TestData.produce(kafka, topics);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(first.get("/api/daily-volume").body()).isEqualTo(TestData.TABLE);
            assertThat(second.get("/api/daily-volume").body()).isEqualTo(TestData.TABLE);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        first.close();
    }

    @Test
    void thePartitionsAreSplitBetweenTheInstances() {
        Set<Integer> all = new HashSet<>(first.dailyTotalsPartitions());
        all.addAll(second.dailyTotalsPartitions());

        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(first.dailyTotalsPartitions()).doesNotContainAnyElementsOf(second.dailyTotalsPartitions());
    }

    @Test
    void eachInstanceAnswersTheWholeTableWithTheNewestChange() throws Exception {
        for (DaybookInstance instance : List.of(first, second)) {
            HttpResponse<String> response = instance.get("/api/daily-volume");

            assertThat(response.body()).isEqualTo(TestData.TABLE);
            assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 16 Apr 2024 10:30:00 GMT");
            assertThat(instance.get("/api/daily-volume?project_id=9002").body())
                    .isEqualTo(TestData.rows(row -> row.contains("\"9002\"")));
        }
    }

    @Test
    void aLimitedAnswerLinksToTheNextPageAndThePagesMakeUpTheTable() throws Exception {
        for (DaybookInstance instance : List.of(first, second)) {
            List<String> pages = new ArrayList<>();
            String next = "/api/daily-volume?limit=5";
            while (next != null) {
                HttpResponse<String> page = instance.get(next);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(rowCount(page.body())).isBetween(1, 5);
                pages.add(page.body().substring(1, page.body().length() - 1));
                next = page.headers()
                        .firstValue("Link")
                        .map(link -> link.substring(1, link.indexOf(">; rel=\"next\"")))
                        .orElse(null);
            }

            assertThat(pages).hasSize(3);
            assertThat("[" + String.join(",", pages) + "]").isEqualTo(TestData.TABLE);
        }
        assertThat(first.get("/api/daily-volume?limit=12").headers().firstValue("Link"))
                .as("no next page")
                .isEmpty();
        assertThat(first.get("/api/daily-volume?project_id=9002&limit=1&after=2024-04-14%2F9002")
                        .body())
                .isEqualTo(TestData.rows(row -> row.contains("\"2024-04-15\"") && row.contains("\"9002\"")));
    }

    @Test
    void eachInstanceAnswersTheWholeVolumeByCurrencyWhichSumsToTheTable() throws Exception {
        String whole = first.get("/api/currency-volume").body();
        JsonNode rows = Json.MAPPER.readTree(whole);
        Map<String, BigDecimal> byDayAndProject = new TreeMap<>();
        long transactions = 0;
        for (JsonNode row : rows) {
            byDayAndProject.merge(
                    row.get("date").asText() + "/" + row.get("project_id").asText(),
                    new BigDecimal(row.get("total_volume_usd").asText()),
                    BigDecimal::add);
            transactions += row.get("num_transactions").asLong();
        }
        Map<String, BigDecimal> table = new TreeMap<>();
        for (JsonNode row : Json.MAPPER.readTree(TestData.TABLE)) {
            table.put(
                    row.get("date").asText() + "/" + row.get("project_id").asText(),
                    new BigDecimal(row.get("total_volume_usd").asText()));
        }

        assertThat(rows).hasSize(14);
        assertThat(transactions).isEqualTo(14);
        assertThat(byDayAndProject)
                .hasSameSizeAs(table)
                .allSatisfy((key, usd) -> assertThat(usd).as(key).isEqualByComparingTo(table.get(key)));
        assertThat(second.get("/api/currency-volume").body()).isEqualTo(whole);
        assertThat(first.get("/api/currency-volume").headers().firstValue("Last-Modified"))
                .hasValue("Tue, 16 Apr 2024 10:30:00 GMT");
    }

    @Test
    void eachInstanceHoldsOnlyPartOfTheTable() throws Exception {
        String firstPart = first.get(
                        "/api/daily-volume", DaybookHttpServer.PARTITIONS_HEADER, join(first.dailyTotalsPartitions()))
                .body();
        String secondPart = second.get(
                        "/api/daily-volume", DaybookHttpServer.PARTITIONS_HEADER, join(second.dailyTotalsPartitions()))
                .body();

        assertThat(rowCount(firstPart)).isPositive();
        assertThat(rowCount(secondPart)).isPositive();
        assertThat(rowCount(firstPart) + rowCount(secondPart)).isEqualTo(12);
    }

    @Test
    void aRowOwnedByTheOtherInstanceIsReadFromIt() throws Exception {
        for (LocalDate day : TestData.DAYS) {
            for (String project : TestData.PROJECTS) {
                String query = "/api/daily-volume?project_id=" + project + "&from=" + day + "&to=" + day;
                String expected =
                        TestData.rows(row -> row.contains("\"" + day + "\"") && row.contains("\"" + project + "\""));

                assertThat(first.get(query).body()).as(query).isEqualTo(expected);
                assertThat(second.get(query).body()).as(query).isEqualTo(expected);
            }
        }
    }

    @Test
    void aForwardedRequestForPartitionsAnInstanceDoesNotHoldFails() throws Exception {
        HttpResponse<String> response = first.get(
                "/api/daily-volume", DaybookHttpServer.PARTITIONS_HEADER, join(second.dailyTotalsPartitions()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("is not active on this instance (NOT_PRESENT");
    }

    private static String join(Set<Integer> partitions) {
        return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static int rowCount(String json) {
        return json.equals("[]") ? 0 : json.split("\\},\\{").length;
    }
}
