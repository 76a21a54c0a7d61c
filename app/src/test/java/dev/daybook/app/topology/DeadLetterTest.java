package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.TOPICS;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DeadLetterHeaders;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 7: a record that cannot be read or is rejected goes to the dead-letter topic, is counted, and the app goes on. */
class DeadLetterTest {

    private static final String INVALID_TRANSACTION = """
            {"event_id":"e9","ts":1713175200000,"event":"BUY_ITEMS","project_id":"4974","chain_id":137,\
            "currency_address":"%s","amount_raw":"-5","source":{"uri":"f","generation":0,"line":2}}""".formatted(SFL);

    @TempDir
    Path stateDir;

    private DailyVolumeDriver driver;

    @AfterEach
    void stop() {
        driver.close();
    }

    /**
     * The dead letter of an unreadable record is produced while the record is read, before it is processed.
     * Under exactly-once TopologyTestDriver discards such records (it clears its mock producer, open
     * transaction included, before the next commit), so these tests run at-least-once; against a broker the
     * dead letter is part of the open transaction and committed with it.
     */
    private DailyVolumeDriver atLeastOnce() {
        return new DailyVolumeDriver(
                StreamsSettings.defaults()
                        .withApplicationId("daybook-test")
                        .withStateDir(stateDir)
                        .withProcessingGuarantee("at_least_once"),
                DailyVolumeConfig.defaults(TOPICS));
    }

    @Test
    void garbageOnEveryInputIsDeadLetteredWithItsOriginAndTheStreamGoesOn() {
        driver = atLeastOnce();
        driver.sendBytes(TOPICS.transactions().name(), bytes("t-key"), bytes("not json"));
        driver.sendBytes(TOPICS.tokens().name(), bytes("137:0xabc"), new byte[] {(byte) 0xff, 0x00, 0x7f});
        driver.sendBytes(TOPICS.rates().name(), bytes("sunflower-land:2024-04-15"), bytes("{\"usd\":"));
        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));

        List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
        assertThat(deadLetters).hasSize(3);
        assertDeadLetter(deadLetters.get(0), TOPICS.transactions().name(), "t-key", bytes("not json"), 0);
        assertDeadLetter(
                deadLetters.get(1), TOPICS.tokens().name(), "137:0xabc", new byte[] {(byte) 0xff, 0x00, 0x7f}, 0);
        assertDeadLetter(deadLetters.get(2), TOPICS.rates().name(), "sunflower-land:2024-04-15", bytes("{\"usd\":"), 0);
        for (TestRecord<byte[], byte[]> deadLetter : deadLetters) {
            assertThat(header(deadLetter, "__streams.errors.exception"))
                    .isEqualTo(SerializationException.class.getName());
            assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("deserialization_failed");
        }

        assertThat(driver.deadLetterCounter.total()).isEqualTo(3);
        assertThat(driver.deadLetterCounter.count(TOPICS.transactions().name())).isEqualTo(1);
        assertThat(driver.deadLetterCounter.count(TOPICS.tokens().name())).isEqualTo(1);
        assertThat(driver.deadLetterCounter.count(TOPICS.rates().name())).isEqualTo(1);
        assertThat(driver.deadLetterReasons)
                .containsExactly(
                        "aggregate/deserialization_failed",
                        "aggregate/deserialization_failed",
                        "aggregate/deserialization_failed");
        assertRow(driver.row("2024-04-15", "4974"), 1, "0.06", 0);
    }

    @Test
    void aBinaryTransactionCutShortIsDeadLetteredWithWhatIsWrongAndTheStreamGoesOn() {
        driver = atLeastOnce();
        byte[] whole = TOPICS.transactions()
                .serializeValue(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        driver.sendBytes(TOPICS.transactions().name(), bytes("e1"), cut);
        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", SFL, "1500000000000000000"));

        List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertDeadLetter(deadLetters.get(0), TOPICS.transactions().name(), "e1", cut, 0);
        assertThat(header(deadLetters.get(0), DeadLetterHeaders.REASON)).isEqualTo("deserialization_failed");
        assertThat(header(deadLetters.get(0), "__streams.errors.message"))
                .contains("not a valid Transaction on topic "
                        + TOPICS.transactions().name());
        assertRow(driver.row("2024-04-15", "4974"), 1, "0.06", 0);
    }

    @Test
    void recordsTheirContractRejectsAreDeadLettered() {
        driver = atLeastOnce();
        driver.sendBytes(TOPICS.transactions().name(), bytes("e9"), bytes(INVALID_TRANSACTION));
        driver.sendBytes(
                TOPICS.tokens().name(),
                bytes("137:0xabc"),
                bytes("{\"symbol\":\"X\",\"decimals\":99,\"coin_id\":\"x\"}"));
        driver.sendBytes(TOPICS.rates().name(), bytes("x:2024-04-15"), bytes("{\"usd\":\"-1\",\"source\":\"test\"}"));

        List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
        assertThat(deadLetters)
                .extracting(deadLetter -> header(deadLetter, "__streams.errors.message"))
                .satisfiesExactly(
                        message -> assertThat(message).contains("amount_raw must not be negative"),
                        message -> assertThat(message).contains("decimals must be between 0 and 77"),
                        message -> assertThat(message).contains("usd must not be negative"));
        assertThat(driver.deadLetterCounter.total()).isEqualTo(3);
        assertThat(driver.table()).isEmpty();
    }

    @Test
    void aTransactionNotKeyedByItsEventIdIsDeadLetteredWithItsSourceUnderExactlyOnce() {
        driver = new DailyVolumeDriver(stateDir);
        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.send("someone-else", transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.send("e2", null);
        driver.send(transaction("e3", "2024-04-15T10:00:00Z", "4974", SFL, "1000000000000000000"));

        List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
        assertThat(deadLetters).hasSize(2);
        TestRecord<byte[], byte[]> misKeyed = deadLetters.get(0);
        assertThat(new String(misKeyed.key(), UTF_8)).isEqualTo("someone-else");
        assertThat(header(misKeyed, DeadLetterHeaders.REASON)).isEqualTo("processing_failed");
        assertThat(header(misKeyed, "__streams.errors.message")).contains("keyed by its event_id e1");
        assertThat(header(misKeyed, DeadLetterHeaders.SOURCE_URI)).isEqualTo("file:/data/events.csv");
        assertThat(header(misKeyed, DeadLetterHeaders.SOURCE_LINE)).isEqualTo("2");
        TestRecord<byte[], byte[]> tombstone = deadLetters.get(1);
        assertThat(new String(tombstone.key(), UTF_8)).isEqualTo("e2");
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone, "__streams.errors.message")).contains("must have a value");

        assertThat(driver.deadLetterCounter.count(TOPICS.transactions().name())).isEqualTo(2);
        assertThat(driver.deadLetterReasons)
                .containsExactly("aggregate/processing_failed", "aggregate/processing_failed");
        assertRow(driver.row("2024-04-15", "4974"), 1, "0.04", 0);
    }

    private static void assertDeadLetter(
            TestRecord<byte[], byte[]> deadLetter, String topic, String key, byte[] value, long offset) {
        assertThat(new String(deadLetter.key(), UTF_8)).isEqualTo(key);
        assertThat(deadLetter.value()).isEqualTo(value);
        assertThat(header(deadLetter, "__streams.errors.topic")).isEqualTo(topic);
        assertThat(header(deadLetter, "__streams.errors.partition")).isEqualTo("0");
        assertThat(header(deadLetter, "__streams.errors.offset")).isEqualTo(Long.toString(offset));
        assertThat(header(deadLetter, DeadLetterHeaders.STAGE)).isEqualTo("aggregate");
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
