package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.source.KnownFingerprints;
import dev.daybook.connectors.source.LocalDirectorySource;
import dev.daybook.connectors.source.OpenedSource;
import dev.daybook.connectors.source.Sources;
import dev.daybook.connectors.source.gcs.GcsSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Assumes none of the DAYBOOK_* variables are set in the test environment. */
class SourceOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsTakeCsvFilesFourAtATimeAndPollADirectoryEverySecondAndABucketEveryTenSeconds() {
        SourceOptions local = SourceOptions.parse("--source", "file:///data/in");
        SourceOptions bucket = SourceOptions.parse("--source", "gs://bucket/in/");

        assertThat(local.include().globs()).containsExactly("*.csv", "*.csv.gz");
        assertThat(local.maxObjectsInFlight()).isEqualTo(4);
        assertThat(local.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(bucket.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(local.settings().reconcileInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everyOptionCanBeSet() {
        SourceOptions options = SourceOptions.parse(
                "--source",
                "gs://b/p/",
                "--include",
                "*.csv,2024/**",
                "--poll-interval",
                "500ms",
                "--max-objects-in-flight",
                "8",
                "--reconcile-interval",
                "1h");

        assertThat(options.uri()).isEqualTo("gs://b/p/");
        assertThat(options.scheme()).isEqualTo("gs");
        assertThat(options.include().globs()).containsExactly("*.csv", "2024/**");
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.maxObjectsInFlight()).isEqualTo(8);
        assertThat(options.settings().reconcileInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aDirectoryPathBecomesAFileUri() {
        assertThat(SourceOptions.parse("--source", dir.toString()).uri())
                .isEqualTo(dir.toUri().toString());
    }

    @Test
    void aDefaultSourceIsTakenOnlyWhenNoneIsConfigured() {
        SourceOptions none = SourceOptions.parse();
        assertThat(none.isSet()).isFalse();
        none.defaultTo("file:///demo/events");
        assertThat(none.uri()).isEqualTo("file:///demo/events");

        SourceOptions given = SourceOptions.parse("--source", "gs://bucket/in/");
        given.defaultTo("file:///demo/events");
        assertThat(given.isSet()).isTrue();
        assertThat(given.uri()).isEqualTo("gs://bucket/in/");
    }

    @Test
    void malformedValuesAreRejectedWhenTheCommandLineIsRead() {
        assertThatThrownBy(() -> SourceOptions.parse("--poll-interval", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> SourceOptions.parse("--max-objects-in-flight", "0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'0' is not a positive whole number");
    }

    @Test
    void theFactoryOpensADirectoryOrABucketAndRefusesOtherSchemesInOneLine() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (OpenedSource local = Sources.open(
                        SourceOptions.parse("--source", dir.toString()).settings(),
                        GcsOptions.parse().settings(),
                        meters,
                        KnownFingerprints.NONE);
                OpenedSource bucket = Sources.open(
                        SourceOptions.parse("--source", "gs://bucket/in/").settings(),
                        GcsOptions.parse("--gcs-endpoint", "http://127.0.0.1:1").settings(),
                        meters,
                        KnownFingerprints.NONE)) {
            assertThat(local.source()).isInstanceOf(LocalDirectorySource.class);
            assertThat(local.source().uri()).isEqualTo(dir.toUri().toString());
            assertThat(bucket.source()).isInstanceOf(GcsSource.class);
            assertThat(bucket.source().uri()).isEqualTo("gs://bucket/in/");
        }

        assertThatThrownBy(() -> Sources.open(
                        SourceOptions.parse("--source", "s3://bucket/in").settings(),
                        GcsOptions.parse().settings(),
                        meters,
                        KnownFingerprints.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unsupported source s3://bucket/in: use file:///absolute/dir (or a directory path) or gs://bucket/prefix");
        assertThatThrownBy(() -> Sources.open(
                        SourceOptions.parse().settings(),
                        GcsOptions.parse().settings(),
                        meters,
                        KnownFingerprints.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no source: give --source");
    }
}
