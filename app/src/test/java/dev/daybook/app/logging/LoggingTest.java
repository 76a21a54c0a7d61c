package dev.daybook.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class LoggingTest {

    private static final Logger log = LoggerFactory.getLogger(LoggingTest.class);
    private final PrintStream stderr = System.err;

    @AfterEach
    void restore() {
        System.setErr(stderr);
        Logging.configure(LogFormat.TEXT);
    }

    @Test
    void jsonLogsOneObjectPerLineOnStderr() throws Exception {
        String out = logged(LogFormat.JSON, () -> {
            log.info("Wrote {} rows", 12);
            log.warn("Retrying", new IllegalStateException("warehouse busy\nsecond line"));
        });

        String[] lines = out.split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines[0]);
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("loggerName").asText()).isEqualTo(LoggingTest.class.getName());
        assertThat(first.get("formattedMessage").asText()).isEqualTo("Wrote 12 rows");
        assertThat(first.get("timestamp").asLong()).isPositive();
        JsonNode second = Json.MAPPER.readTree(lines[1]);
        assertThat(second.get("level").asText()).isEqualTo("WARN");
        assertThat(second.get("throwable").get("message").asText()).isEqualTo("warehouse busy\nsecond line");
    }

    @Test
    void textLogsReadableLinesOnStderr() {
        String out = logged(LogFormat.TEXT, () -> log.info("Wrote {} rows", 12));

        assertThat(out)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[[^]]+] "
                        + "dev\\.daybook\\.app\\.logging\\.LoggingTest - Wrote 12 rows\n");
    }

    @Test
    void theFormatIsAnOptionWithAnEnvironmentDefault() {
        @Command
        class App {
            @Mixin
            LogOptions logOptions;
        }
        App app = new App();
        new CommandLine(app).parseArgs("--log-format", "JSON");
        assertThat(app.logOptions.format()).isEqualTo(LogFormat.JSON);

        App byDefault = new App();
        new CommandLine(byDefault).parseArgs();
        assertThat(byDefault.logOptions.format()).isEqualTo(LogFormat.TEXT);

        assertThatThrownBy(() -> new CommandLine(new App()).parseArgs("--log-format", "xml"))
                .hasMessageContaining("log format must be text or json, not 'xml'");
    }

    private static String logged(LogFormat format, Runnable logging) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Logging.configure(format);
        logging.run();
        return captured.toString(StandardCharsets.UTF_8);
    }
}
