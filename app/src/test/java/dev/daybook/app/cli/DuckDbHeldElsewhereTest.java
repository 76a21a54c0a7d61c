package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.testing.DuckDbFileHolder;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A DuckDB file another process holds: the sink stops at once with one line that says what to do. */
@Tag("integration")
class DuckDbHeldElsewhereTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void theSinkExitsWithOneLineNamingTheFileAndTheProcessHoldingIt() throws Exception {
        TopicCatalogue topics = kafka.uniqueTopics();
        Path file = dir.resolve("daybook.duckdb").toAbsolutePath();
        try (DuckDbFileHolder holder = DuckDbFileHolder.hold(file);
                DaybookProcess sink = DaybookProcess.start(
                        dir,
                        "sink",
                        List.of(
                                "sink",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--topic-prefix",
                                topics.prefix(),
                                "--state-dir",
                                dir.resolve("state").toString(),
                                "--warehouse",
                                "duckdb:" + file,
                                "--http-host",
                                "127.0.0.1",
                                "--http-port",
                                "0"))) {

            assertThat(sink.exitCode(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(sink.lastErrLine())
                    .isEqualTo("daybook sink: the sink stopped: cannot prepare the warehouse: the DuckDB file "
                            + file + " is in use by another process (PID " + holder.pid()
                            + "): stop that process (another daybook run"
                            + " or sink, or a duckdb shell) or point --warehouse at another file");
        }
    }
}
