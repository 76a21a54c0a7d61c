package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.connectors.csv.TimestampRange;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The ingest options as a command mixes them in. Assumes no DAYBOOK_* variables are set. */
class IngestOptionsTest {

    @Command(name = "daybook")
    static final class Options {
        @Mixin
        SourceOptions source;

        @Mixin
        IngestOptions ingest;
    }

    private static IngestSettings parse(String... args) {
        Options options = CommandLine.populateCommand(new Options(), args);
        return options.ingest.settings(options.source);
    }

    @Test
    void defaultsCommitEvery10000RowsOrEverySecondWithTwoProducersAndFourFilesInFlight() {
        assertThat(parse())
                .isEqualTo(new IngestSettings(
                        10_000,
                        Duration.ofSeconds(1),
                        2,
                        4,
                        IngestInstance.ONLY,
                        5,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        new TimestampRange(
                                Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z")),
                        10L << 30,
                        false));
        assertThat(parse()).isEqualTo(IngestSettings.DEFAULTS);
    }

    @Test
    void everyOptionCanBeSet() {
        assertThat(parse(
                        "--ingest-batch-rows",
                        "500",
                        "--ingest-batch-interval",
                        "250ms",
                        "--ingest-workers",
                        "3",
                        "--max-objects-in-flight",
                        "6",
                        "--ingest-instance",
                        "1/3",
                        "--ingest-retries",
                        "0",
                        "--ingest-retry-backoff",
                        "2s",
                        "--ingest-retry-backoff-max",
                        "1m",
                        "--ingest-ts-from",
                        "2024-01-01",
                        "--ingest-ts-until",
                        "2025-06-30T12:00+02:00",
                        "--max-decompressed-bytes",
                        "64MiB",
                        "--retry-failed"))
                .isEqualTo(new IngestSettings(
                        500,
                        Duration.ofMillis(250),
                        3,
                        6,
                        new IngestInstance(1, 3),
                        0,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(1),
                        new TimestampRange(
                                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-06-30T10:00:00Z")),
                        64L << 20,
                        true));
    }

    @Test
    void malformedValuesAreRejectedWhenTheCommandLineIsRead() {
        assertThatThrownBy(() -> parse("--ingest-instance", "2/2"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'2/2' is not an ingest instance like 0/2");
        assertThatThrownBy(() -> parse("--ingest-workers", "0")).isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse("--ingest-batch-rows", "-1")).isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse("--max-decompressed-bytes", "10GB"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'10GB' is not a positive size like 1048576, 64MiB or 10GiB");
        assertThatThrownBy(() -> parse("--max-decompressed-bytes", "99999999999TiB"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse("--ingest-batch-interval", "6m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ingest batch interval must be positive and at most PT5M");
        assertThatThrownBy(() -> parse("--ingest-retry-backoff", "1m", "--ingest-retry-backoff-max", "1s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry backoff must be between 0 and its maximum");
        assertThatThrownBy(() -> parse("--ingest-ts-from", "yesterday"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'yesterday' is not a time like 2000-01-01T00:00:00Z or a date like 2000-01-01");
        assertThatThrownBy(() -> parse("--ingest-ts-from", "2030-01-01", "--ingest-ts-until", "2030-01-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--ingest-ts-from 2030-01-01T00:00:00Z must be before --ingest-ts-until 2030-01-01T00:00:00Z");
    }

    /** Changing these would stop a new release from fencing, and resuming the objects of, an old one that crashed. */
    @Test
    void transactionalIdsAndRoutingAreStableAcrossReleases() {
        assertThat(Ingester.transactionalId(
                        TopicCatalogue.forPrefix("daybook."), "gs://b/in/", new IngestInstance(1, 2), 3))
                .isEqualTo("daybook.ingest-93dd40a755fb-1-3");
        assertThat(Ingester.routingHash("gs://b/in/a.csv")).isEqualTo(8556364366709165152L);
        assertThat(new IngestInstance(0, 2).owns(8556364366709165152L)).isTrue();
        assertThat(new IngestInstance(1, 2).owns(8556364366709165152L)).isFalse();
    }
}
