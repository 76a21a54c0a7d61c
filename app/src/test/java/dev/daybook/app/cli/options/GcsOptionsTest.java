package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Assumes none of the DAYBOOK_* nor emulator variables are set in the test environment. */
class GcsOptionsTest {

    @Test
    void defaultsReadRealGcsWithoutNotifications() {
        GcsOptions options = GcsOptions.parse();

        assertThat(options.endpoint()).isEmpty();
        assertThat(options.notifications()).isEmpty();
        assertThat(options.pubsubEndpoint()).isEmpty();
        assertThat(options.chunkSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(options.retryTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void everyOptionCanBeSet() {
        GcsOptions options = GcsOptions.parse(
                "--gcs-endpoint", "127.0.0.1:4443",
                "--notifications", "projects/p/subscriptions/s",
                "--pubsub-endpoint", "127.0.0.1:8085",
                "--gcs-chunk-size", "65536",
                "--gcs-retry-timeout", "PT30S");

        assertThat(options.endpoint()).contains("http://127.0.0.1:4443");
        assertThat(options.notifications()).contains("projects/p/subscriptions/s");
        assertThat(options.pubsubEndpoint()).contains("127.0.0.1:8085");
        assertThat(options.chunkSize()).isEqualTo(65536);
        assertThat(options.retryTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void malformedValuesAreRejectedWhenTheCommandLineIsRead() {
        assertThatThrownBy(() -> GcsOptions.parse("--notifications", "my-subscription"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("projects/P/subscriptions/S");
        assertThatThrownBy(() -> GcsOptions.parse("--gcs-retry-timeout", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> GcsOptions.parse("--gcs-chunk-size", "0"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        DurationConverter converter = new DurationConverter();

        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }
}
