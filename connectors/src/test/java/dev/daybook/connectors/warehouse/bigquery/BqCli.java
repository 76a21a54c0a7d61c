package dev.daybook.connectors.warehouse.bigquery;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code bq} CLI of the Google Cloud CLI, as a person would run it against the emulator: its own
 * empty configuration, and a dummy access token so that it asks for no login (the emulator checks none).
 */
final class BqCli {

    private BqCli() {}

    /** The result rows of {@code sql} as CSV lines, header first; the test is skipped where bq is absent. */
    static List<String> query(String endpoint, String project, String sql) throws IOException, InterruptedException {
        Optional<Path> bq = onPath("bq");
        assumeTrue(
                bq.isPresent(),
                "the bq CLI (Google Cloud CLI) is not installed, so no real client reads the table back");
        Path config = Files.createTempDirectory("daybook-bq-config");
        Path token = Files.writeString(config.resolve("token"), "emulator-needs-no-token");
        Path output = config.resolve("output.csv");
        ProcessBuilder builder = new ProcessBuilder(
                        bq.get().toString(),
                        "--api",
                        endpoint,
                        "--format=csv",
                        "query",
                        "--project_id",
                        project,
                        "--use_legacy_sql=false",
                        sql)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CLOUDSDK_CONFIG", config.toString());
        builder.environment().put("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", token.toString());
        builder.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("bq did not finish within 2 minutes:\n" + Files.readString(output));
        }
        if (process.exitValue() != 0) {
            throw new IOException("bq exited with " + process.exitValue() + ":\n" + Files.readString(output));
        }
        return Files.readAllLines(output).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
