package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.cli.DaybookProcess;
import dev.daybook.app.testing.FakeCoinGecko;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.testing.TopicContents;
import dev.daybook.connectors.rates.coingecko.CoinGeckoConfig;
import dev.daybook.connectors.rates.coingecko.CoinGeckoPlan;
import dev.daybook.connectors.testing.ExternalProcess;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code daybook rates}: its options and a run. Assumes no DAYBOOK_* or COINGECKO_* variables are set. */
@Tag("integration")
class RatesCommandTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private final FakeCoinGecko coinGecko =
            new FakeCoinGecko().contract("polygon-pos", RatesServiceTest.SFL, "sunflower-land", "SFL", 18);
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        coinGecko.close();
    }

    @Test
    void defaultsToTheDemoPlanAndAGroupPerTopicPrefix() {
        RatesCommand command = new RatesCommand();
        new CommandLine(command).parseArgs();

        assertThat(command.once).isFalse();
        assertThat(command.kafka.topics()).isEqualTo(TopicCatalogue.forPrefix("daybook."));
        assertThat(command.rates.settings(command.kafka.topics()))
                .isEqualTo(new RatesSettings("daybook.rates", Duration.ofDays(30), Duration.ofMinutes(1), 20, 0));
        assertThat(command.coinGecko.toConfig(Map.of())).isEqualTo(CoinGeckoConfig.of(CoinGeckoPlan.DEMO, null));
    }

    @Test
    void takesEveryOption() {
        RatesCommand command = new RatesCommand();
        new CommandLine(command)
                .parseArgs(
                        "--once",
                        "--bootstrap-servers",
                        "kafka:9092",
                        "--topic-prefix",
                        "prod.",
                        "--rates-group-id",
                        "prod.pricing",
                        "--rates-recheck",
                        "P7D",
                        "--rates-retry-backoff",
                        "10s",
                        "--rates-max-new-currencies",
                        "5",
                        "--market-coins",
                        "300",
                        "--coingecko-plan",
                        "pro",
                        "--coingecko-base-url",
                        "http://127.0.0.1:9/api/v3",
                        "--coingecko-calls-per-minute",
                        "250");

        assertThat(command.once).isTrue();
        assertThat(command.rates.settings(command.kafka.topics()))
                .isEqualTo(new RatesSettings("prod.pricing", Duration.ofDays(7), Duration.ofSeconds(10), 5, 300));
        CoinGeckoConfig config = command.coinGecko.toConfig(Map.of("COINGECKO_API_KEY", "CG-pro"));
        assertThat(config.plan()).isEqualTo(CoinGeckoPlan.PRO);
        assertThat(config.baseUrl()).hasToString("http://127.0.0.1:9/api/v3");
        assertThat(config.callsPerMinute()).isEqualTo(250);
    }

    @Test
    void onceFetchesWhatTheTransactionsNeedAndExitsZero() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        coinGecko.price("sunflower-land", day, "0.0456");
        send(topics, RatesServiceTest.transaction(day, RatesServiceTest.SFL, "SFL", RatesServiceTest.ONE_SFL));

        int exit = execute(
                "--once",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--coingecko-base-url",
                coinGecko.baseUrl().toString(),
                "--coingecko-calls-per-minute",
                "60000");

        assertThat(exit).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(coinGecko.takeRequests())
                .containsExactly(
                        "/asset_platforms",
                        "/coins/polygon-pos/contract/" + RatesServiceTest.SFL,
                        "/coins/sunflower-land/history?date=" + day.format(DateTimeFormatter.ofPattern("dd-MM-uuuu"))
                                + "&localization=false");
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                .containsExactly(
                        Map.entry("sunflower-land:" + day, "{\"usd\":\"0.0456\",\"source\":\"coingecko:history\"}"));
    }

    @Test
    void aContinuousRunServesHealthAndItsMetricsUntilSigterm(@TempDir Path dir) throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        coinGecko.price("sunflower-land", day, "0.0456");
        send(topics, RatesServiceTest.transaction(day, RatesServiceTest.SFL, "SFL", RatesServiceTest.ONE_SFL));
        int port = ExternalProcess.freePort();

        try (DaybookProcess rates = DaybookProcess.start(
                dir,
                "rates",
                List.of(
                        "rates",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic-prefix",
                        topics.prefix(),
                        "--coingecko-base-url",
                        coinGecko.baseUrl().toString(),
                        "--coingecko-calls-per-minute",
                        "60000",
                        "--http-host",
                        "127.0.0.1",
                        "--http-port",
                        String.valueOf(port)))) {
            // until the process listens, connecting is refused
            await().atMost(Duration.ofMinutes(1))
                    .ignoreExceptionsInstanceOf(ConnectException.class)
                    .untilAsserted(() -> {
                        assertThat(rates.isAlive()).as("rates is running").isTrue();
                        assertThat(get(port, "/metrics"))
                                .contains(
                                        "daybook_rates_published_total{topic=\"rates\"} 1.0\n",
                                        "daybook_coingecko_rates_fetched_total 1.0\n");
                    });
            assertThat(get(port, "/health/ready")).isEqualTo("200 {\"status\":\"ready\"}");

            rates.stop(Duration.ofMinutes(1));
            assertThat(rates.stderr()).doesNotContain(" ERROR ");
        }
    }

    /** A single pass ({@code --once}) and a continuous run (with its HTTP server) end alike. */
    @ParameterizedTest
    @ValueSource(strings = {"--once", "--http-host=127.0.0.1 --http-port=0"})
    void aRefusedKeyExitsOneWithTheReasonOnOneLine(String mode) throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        coinGecko.refuse(401, "{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}");
        send(
                topics,
                RatesServiceTest.transaction(
                        LocalDate.now(ZoneOffset.UTC).minusDays(3),
                        RatesServiceTest.SFL,
                        "SFL",
                        RatesServiceTest.ONE_SFL));
        List<String> args = new ArrayList<>(List.of(mode.split(" ", -1)));
        args.addAll(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--coingecko-base-url",
                coinGecko.baseUrl().toString(),
                "--coingecko-calls-per-minute",
                "60000"));

        int exit = execute(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("daybook rates: CoinGecko needs an API key (10002): set COINGECKO_API_KEY"
                        + " to your demo or pro key" + System.lineSeparator());
    }

    @Test
    void missingTopicsAreNamedInsteadOfCreated() {
        int exit = execute(
                "--once",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "nowhere.",
                "--coingecko-base-url",
                coinGecko.baseUrl().toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("daybook rates: topic nowhere.tokens does not exist:");
        assertThat(coinGecko.requestCount()).isZero();
    }

    @Test
    void needsAKafkaCluster() {
        int exit = execute("--once", "--coingecko-base-url", coinGecko.baseUrl().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("daybook rates needs a Kafka cluster: give --bootstrap-servers");
        assertThat(coinGecko.requestCount()).isZero();
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private int execute(String... args) {
        CommandLine commandLine = new CommandLine(new RatesCommand());
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static void send(TopicCatalogue topics, Transaction transaction) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)))) {
            byte[] json = JsonSerde.of(Transaction.class)
                    .serialize(topics.transactions().name(), transaction);
            producer.send(new ProducerRecord<>(
                            topics.transactions().name(),
                            transaction.eventId(),
                            new String(json, StandardCharsets.UTF_8)))
                    .get();
        }
    }
}
