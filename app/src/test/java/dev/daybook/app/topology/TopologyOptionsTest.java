package dev.daybook.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TopologyOptionsTest {

    @Command(name = "test")
    static final class Cli {
        @Mixin
        TopologyOptions options;
    }

    private static TopologyOptions parse(String... args) {
        Cli cli = new Cli();
        new CommandLine(cli).parseArgs(args);
        return cli.options;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        TopologyOptions options = parse();

        assertThat(options.streamsSettings(
                        TopicCatalogue.withDefaultPrefix(),
                        StreamsSettings.defaults().stateDir(),
                        -1))
                .isEqualTo(StreamsSettings.defaults());
        assertThat(options.dailyVolumeConfig(TopicCatalogue.withDefaultPrefix()))
                .isEqualTo(DailyVolumeConfig.defaults(TopicCatalogue.withDefaultPrefix()));
    }

    @Test
    void flagsOverrideTheDefaults() {
        TopologyOptions options = parse(
                "--application-id",
                "daybook-eu",
                "--processing-guarantee",
                "at_least_once",
                "--commit-interval",
                "PT0.25S",
                "--dedup-horizon",
                "P30D",
                "--dedup-purge-interval",
                "PT1H");

        assertThat(options.streamsSettings(TopicCatalogue.forPrefix("x."), Path.of("/var/lib/daybook"), 3))
                .isEqualTo(new StreamsSettings(
                        "daybook-eu", "at_least_once", 3, Duration.ofMillis(250), Path.of("/var/lib/daybook")));
        assertThat(options.dailyVolumeConfig(TopicCatalogue.forPrefix("x.")))
                .isEqualTo(new DailyVolumeConfig(
                        TopicCatalogue.forPrefix("x."), Duration.ofDays(30), Duration.ofHours(1)));
    }

    @Test
    void theApplicationIdDerivesFromTheTopicPrefixUnlessGiven() {
        Path stateDir = Path.of("/var/lib/daybook");

        assertThat(parse().streamsSettings(TopicCatalogue.forPrefix("a"), stateDir, -1)
                        .applicationId())
                .isEqualTo("aaggregate");
        assertThat(parse().streamsSettings(TopicCatalogue.forPrefix("a-x"), stateDir, -1)
                        .applicationId())
                .isEqualTo("a-xaggregate");
        assertThat(StreamsSettings.defaults().applicationId()).isEqualTo("daybook.aggregate");
        assertThat(parse("--application-id", "daybook")
                        .streamsSettings(TopicCatalogue.forPrefix("a-x"), stateDir, -1)
                        .applicationId())
                .isEqualTo("daybook");
    }
}
