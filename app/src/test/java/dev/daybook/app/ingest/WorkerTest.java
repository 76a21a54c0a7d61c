package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class WorkerTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path stateDir;

    private final List<IngestFailedException> failures = new CopyOnWriteArrayList<>();
    private final List<ObjectTask> readAgain = new CopyOnWriteArrayList<>();

    @Test
    void aChunkThatDoesNotContinueItsObjectIsAnInternalErrorReportedOnceNotARetriedTransaction() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        try (ProgressIndex index = ProgressIndex.open(stateDir.resolve("ingest"), topics.ingestProgress())) {
            runWorker(topics, index);
        }
    }

    private void runWorker(TopicCatalogue topics, ProgressIndex index) throws Exception {
        Worker worker = new Worker(
                0,
                "worker-test-" + topics.transactions(),
                kafka.settings(),
                IngestSettings.DEFAULTS,
                new IngestRecords(topics, RecordSizeLimit.of(kafka.settings())),
                new ProgressStore(index),
                new IngestCounters(),
                new AmountMetrics(new SimpleMeterRegistry()),
                new Listener(),
                new CloseSignal());
        worker.initTransactions();
        worker.start();
        SourceObject object = new SourceObject("file:///events/a.csv", 0, 100, "f", Instant.EPOCH, false);
        ObjectTask task = new ObjectTask(
                object,
                worker,
                IngestProgress.start("file:///events", object.id(), object.uri(), 0, "f", Instant.EPOCH));

        worker.offer(
                new Chunk(
                        task, task.attempt, List.of(), 40, 80, 2, 0, 0, 0, new AmountTally(), Chunk.Outcome.MORE, null),
                1000);

        await().atMost(Duration.ofSeconds(30)).until(() -> !failures.isEmpty());
        worker.finish(Duration.ofSeconds(10));
        assertThat(failures)
                .singleElement()
                .satisfies(failure -> assertThat(failure.getMessage())
                        .contains(
                                "internal error: a chunk of file:///events/a.csv starts at byte 40 but its progress is at 0")
                        .doesNotContain("in a row"));
        assertThat(readAgain).isEmpty();
    }

    private final class Listener implements Worker.Listener {
        @Override
        public void finished(ObjectTask task) {}

        @Override
        public void readAgain(ObjectTask task) {
            WorkerTest.this.readAgain.add(task);
        }

        @Override
        public void failed(IngestFailedException failure) {
            failures.add(failure);
        }

        @Override
        public boolean moreToRead() {
            return false;
        }
    }
}
