package dev.daybook.app.sink;

import static dev.daybook.app.sink.SinkRunnerTest.FAST;
import static dev.daybook.app.sink.SinkRunnerTest.produce;
import static dev.daybook.app.sink.SinkRunnerTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.warehouse.duckdb.DuckDbWarehouse;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A sink that runs until it has caught up, as {@code daybook run --once} runs it. */
@Tag("integration")
class SinkCatchUpTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<SinkRunner> runners = new ArrayList<>();
    private final List<DuckDbWarehouse> warehouses = new ArrayList<>();

    @AfterEach
    void closeAll() {
        runners.forEach(SinkRunner::close);
        warehouses.forEach(DuckDbWarehouse::close);
        threads.shutdownNow();
    }

    /** Writing while the pipeline upstream still works, stopping once it is done. */
    @Test
    void aCatchUpRunWritesWhatComesBeforeItsUpstreamIsDoneAndStopsOnlyOnceCaughtUpAfterThat() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(kafka, topics, row("2024-01-01", "a", 1, "1", 1));
        DuckDbWarehouse warehouse = duckDb();
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "overlap", warehouse, FAST);
        runners.add(runner);
        CatchUp catchUp = new CatchUp();

        Future<Boolean> caughtUp = threads.submit(() -> runner.runUntilCaughtUp(catchUp));

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(IllegalStateException.class) // until the sink has prepared it
                .until(() -> warehouse.read().size() == 1);
        assertThat(caughtUp).as("upstream not done yet").isNotDone();
        produce(kafka, topics, row("2024-01-02", "b", 2, "5", 1));
        catchUp.upstreamDone();
        assertThat(caughtUp.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(warehouse.read())
                .containsExactlyInAnyOrder(row("2024-01-01", "a", 1, "1", 1), row("2024-01-02", "b", 2, "5", 1));
    }

    @Test
    void aCatchUpRunDoesNotWaitForTheWriteInterval() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(kafka, topics, row("2024-01-01", "a", 1, "1", 1));
        DuckDbWarehouse warehouse = duckDb();
        SinkSettings hourly =
                new SinkSettings(5000, Duration.ofMillis(100), 0, Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "catch-up", warehouse, hourly);
        runners.add(runner);

        Future<Boolean> caughtUp = threads.submit(() -> runner.runUntilCaughtUp());

        assertThat(caughtUp.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(warehouse.read()).containsExactly(row("2024-01-01", "a", 1, "1", 1));
    }

    private DuckDbWarehouse duckDb() {
        DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("daybook-" + warehouses.size() + ".duckdb"));
        warehouses.add(warehouse);
        return warehouse;
    }
}
