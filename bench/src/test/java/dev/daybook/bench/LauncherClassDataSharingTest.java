package dev.daybook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./daybook} launcher's class data sharing and JIT settings, on a copy of the launcher beside the jars this build made (the
 * application's linked, the bench's copied): the first run of a command trains an archive, later runs map it, and nothing of it reaches standard output.
 */
@Tag("integration")
class LauncherClassDataSharingTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BENCH_JAR = "bench/target/daybook-bench.jar";
    private static final String DAYBOOK_CLASS_FROM_ARCHIVE = "dev.daybook.app.Daybook source: shared objects file";

    @TempDir
    Path dir;

    private Path checkout;
    private Path archives;

    private record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void checkoutWithTheBuiltJars() throws IOException {
        checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("app/target"));
        Files.createDirectories(checkout.resolve("bench/target"));
        Files.copy(ROOT.resolve("daybook"), checkout.resolve("daybook"));
        String jar = "app/target/daybook.jar";
        assertThat(ROOT.resolve(jar)).as("built by the package phase").exists();
        Files.createSymbolicLink(checkout.resolve(jar), ROOT.resolve(jar));
        Files.copy(ROOT.resolve(BENCH_JAR), checkout.resolve(BENCH_JAR));
        archives = dir.resolve("cache/daybook/cds");
    }

    @Test
    void theFirstRunTrainsAnArchiveThatTheNextRunMaps() throws Exception {
        Run first = daybook(
                Map.of(), "generate", "--rows", "50", "--out", dir.resolve("a").toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(archives())
                .singleElement()
                .satisfies(name -> assertThat(name).endsWith("-generate.jsa"));

        Path classes = dir.resolve("classes.log");
        Run second = daybook(
                Map.of("DAYBOOK_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
                "generate",
                "--rows",
                "50",
                "--out",
                dir.resolve("b").toString());

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).isEmpty();
        assertThat(Files.readString(classes)).contains(DAYBOOK_CLASS_FROM_ARCHIVE);
        assertThat(files(dir.resolve("b"))).isEqualTo(files(dir.resolve("a")));
    }

    @Test
    void aNewBuildTrainsANewArchiveAndDropsTheOldOne() throws Exception {
        assertThat(daybook(
                                Map.of(),
                                "generate",
                                "--rows",
                                "10",
                                "--out",
                                dir.resolve("a").toString())
                        .exitCode())
                .isZero();
        List<String> before = archives();

        Path rebuilt = checkout.resolve(BENCH_JAR);
        Files.setLastModifiedTime(
                rebuilt,
                FileTime.from(Files.getLastModifiedTime(rebuilt).toInstant().plusSeconds(60)));
        assertThat(daybook(
                                Map.of(),
                                "generate",
                                "--rows",
                                "10",
                                "--out",
                                dir.resolve("b").toString())
                        .exitCode())
                .isZero();

        assertThat(archives()).hasSize(1).doesNotContainAnyElementsOf(before);
    }

    @Test
    void aFailedRunHelpAndTurningItOffLeaveNoArchive() throws Exception {
        Run failed = daybook(
                Map.of(), "generate", "--rows", "-1", "--out", dir.resolve("a").toString());
        assertThat(failed.exitCode()).isNotZero();

        Run help = daybook(Map.of(), "generate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: daybook generate");

        Run off = daybook(
                Map.of("DAYBOOK_CDS", "off"),
                "generate",
                "--rows",
                "10",
                "--out",
                dir.resolve("b").toString());
        assertThat(off.exitCode()).as(off.err()).isZero();

        assertThat(Files.exists(archives) ? files(archives) : Map.of()).isEmpty();
    }

    @Test
    void aRunThatEndsByItselfLetsC2CompileLaterAServiceDoesNotAndTheUsersOwnOptionsWin() throws Exception {
        Map<String, String> printFlags = Map.of("DAYBOOK_JAVA_OPTS", "-XX:+PrintFlagsFinal");
        Run once = daybook(printFlags, "run", "--once", "--help");
        Run bench = daybook(printFlags, "bench", "--help");
        Run service = daybook(printFlags, "run", "--help");
        Run idleBench = daybook(printFlags, "bench", "--idle", "10", "--help");
        Run own = daybook(
                Map.of("DAYBOOK_JAVA_OPTS", "-XX:Tier4InvocationThreshold=7000 -XX:+PrintFlagsFinal"),
                "run",
                "--once",
                "--help");

        assertThat(flag(once.out(), "Tier4InvocationThreshold")).isEqualTo("50000");
        assertThat(flag(once.out(), "Tier4BackEdgeThreshold")).isEqualTo("400000");
        assertThat(flag(bench.out(), "Tier4InvocationThreshold")).isEqualTo("50000");
        assertThat(flag(service.out(), "Tier4InvocationThreshold")).isEqualTo("5000");
        assertThat(flag(idleBench.out(), "Tier4InvocationThreshold")).isEqualTo("5000");
        assertThat(flag(own.out(), "Tier4InvocationThreshold")).isEqualTo("7000");
    }

    /** A flag's value in the table {@code -XX:+PrintFlagsFinal} prints: {@code type name = value {kind} {origin}}. */
    private static String flag(String flags, String name) {
        return flags.lines()
                .map(String::strip)
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length > 3 && fields[1].equals(name))
                .map(fields -> fields[3])
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the flags printed"));
    }

    private Run daybook(Map<String, String> environment, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(checkout.resolve("daybook").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        builder.environment().remove("DAYBOOK_JAVA_OPTS");
        builder.environment().remove("DAYBOOK_CDS");
        builder.environment().putAll(environment);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./daybook " + String.join(" ", args) + " did not end within 3 minutes");
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private List<String> archives() throws IOException {
        try (Stream<Path> files = Files.list(archives)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Each file's name and content. */
    private static Map<String, String> files(Path directory) throws IOException {
        Map<String, String> contents = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return contents;
    }
}
