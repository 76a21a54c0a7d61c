package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.generate.GenerationSummary;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.RowKind;
import dev.daybook.connectors.generate.SequenceGenerator;
import dev.daybook.connectors.source.ListingDiscovery;
import dev.daybook.connectors.source.LocalDirectorySource;
import dev.daybook.schemas.Topics;
import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LocalIngestTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void everyRowOnce() throws Exception {
        Topics topics = kafka.createTopics();
        GenerationSummary summary = new SequenceGenerator(GeneratorConfig.builder().rows(5_000).rowsPerFile(1_500).seed(3).build()).write(dir);
        LocalDirectorySource source = new LocalDirectorySource(dir.toUri().toString());
        IngestStats stats;
        try (Ingester ingester = new Ingester(IngestSettings.DEFAULTS.withBatchRows(700), kafka.settings(), topics, source,
                tracker -> new ListingDiscovery(source, Duration.ofMillis(200), tracker), new SimpleMeterRegistry())) {
            stats = ingester.runOnce();
        }
        List<Transaction> written = Committed.transactions(kafka.settings(), topics.transactions());
        assertThat(written).hasSize((int) summary.transactions());
        assertThat(stats.transactions()).isEqualTo(summary.transactions());
        assertThat(stats.skipped()).isEqualTo(summary.rows(RowKind.OTHER_EVENT));
    }
}
