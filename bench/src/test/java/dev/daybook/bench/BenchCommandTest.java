package dev.daybook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.Daybook;
import dev.daybook.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code daybook bench} end to end, on small inputs: the figures are whatever the machine gives, so only what
 * does not depend on it is asserted, above all that Daybook's table and the reference query's are the same.
 */
@Tag("integration")
class BenchCommandTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, List<String> out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out.get(out.size() - 1));
        }
    }

    private static Result daybook(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Daybook.commandLine(new Daybook(new PrintStream(out, true, StandardCharsets.UTF_8)));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString());
    }

    @Test
    void theBenchmarksTableIsTheReferenceQuerysTable() throws Exception {
        Path profile = dir.resolve("bench.jfr");
        Result result = daybook(
                "bench",
                "--rows",
                "20000",
                "--data-dir",
                dir.resolve("data").toString(),
                "--profile",
                profile.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("tables_equal").asBoolean())
                .as(String.join("\n", result.out()))
                .isTrue();
        assertThat(json.get("rows").asLong()).isEqualTo(20_000);
        // 5% of the rows are other events; duplicates are transactions too
        assertThat(json.get("transactions").asLong()).isEqualTo(19_000);
        // 200 projects over 30 days and 7 late ones: most, not all, days of the small projects have a row
        assertThat(json.get("table_rows").asInt()).isBetween(1_000, 37 * 200);
        assertThat(json.get("processing_guarantee").asText()).isEqualTo("exactly_once_v2");
        for (String figure :
                List.of("rows_per_second", "duckdb_rows_per_second", "ratio", "peak_heap_mb", "kafka_bytes_per_row")) {
            assertThat(json.get(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(result.out()).anySatisfy(line -> assertThat(line).contains("tables equal: yes"));

        JsonNode perRow = json.get("cpu_us_per_row");
        for (String part : List.of("ingest", "aggregate", "sink", "JIT compilers", "total")) {
            assertThat(perRow.get(part).asDouble()).as(part).isPositive();
        }
        assertThat(json.get("cpu_us_per_row_without_jit").asDouble())
                .isCloseTo(
                        perRow.get("total").asDouble()
                                - perRow.get("JIT compilers").asDouble(),
                        within(0.01));
        assertThat(Files.size(profile)).isPositive();
        // folded stacks: thread;root;...;leaf samples, the stream threads among them
        List<String> folded = Files.readAllLines(dir.resolve("bench.folded"));
        assertThat(folded).allMatch(line -> line.matches("[^ ;]+(;[^ ;]+)+ [0-9]+"));
        assertThat(folded).anyMatch(line -> line.contains("StreamThread") && line.contains("process"));
    }

    @Test
    void freshnessFollowsEveryFileIntoTheWarehouse() throws Exception {
        Result result = daybook("bench", "--freshness", "--rate", "2000", "--duration", "2s");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        // a file every 250 ms of 500 rows and its probe
        assertThat(json.get("files").asInt()).isEqualTo(8);
        assertThat(json.get("rows").asLong()).isEqualTo(8 * 501);
        double p50 = json.get("p50_seconds").asDouble();
        double p99 = json.get("p99_seconds").asDouble();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(json.get("max_seconds").asDouble());
    }

    @Test
    void theDataDirectoryIsReusedForTheSameSize() throws Exception {
        Path data = dir.resolve("data");
        BenchData.Layout first = BenchData.prepare(data, 1_000);
        long written = Files.getLastModifiedTime(first.events().resolve("bench-00000.csv"))
                .toMillis();

        BenchData.Layout again = BenchData.prepare(data, 1_000);

        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(again.events().resolve("bench-00000.csv"))
                        .toMillis())
                .isEqualTo(written);

        BenchData.Layout other = BenchData.prepare(data, 2_000);

        assertThat(other.rows()).isEqualTo(2_000);
        assertThat(other.bytes()).isGreaterThan(first.bytes());
        assertThat(other.transactions()).isEqualTo(1_900);
    }
}
