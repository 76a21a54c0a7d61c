package dev.daybook.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and the Dockerfile, checked without Docker. */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @Tag("integration")
    void aRealComposeParserAcceptsTheComposeFile() throws Exception {
        Process validate = new ProcessBuilder(
                        ROOT.resolve("ops/validate-compose.sh").toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        boolean finished = validate.waitFor(10, TimeUnit.MINUTES);
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(finished).as("ops/validate-compose.sh finished").isTrue();
        assertThat(validate.exitValue())
                .as("ops/validate-compose.sh said:%n%s", output)
                .isZero();
    }

    @Test
    void everyDaybookVariableTheComposeFileSetsIsOneTheAppReads() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile())
                .get("services");
        Set<String> set = new TreeSet<>();
        services.forEach(service -> {
            JsonNode environment = service.path("environment");
            environment.fieldNames().forEachRemaining(name -> {
                if (name.startsWith("DAYBOOK_")) {
                    set.add(name);
                }
            });
        });

        assertThat(set).as("DAYBOOK_ variables set in docker-compose.yml").hasSizeGreaterThan(5);
        assertThat(AppEnvironment.variablesRead()).containsAll(set);
    }

    @Test
    void everyDaybookVariableTheImageSetsIsOneTheAppReads() throws IOException {
        Set<String> set = new TreeSet<>();
        Matcher assignment =
                Pattern.compile("(DAYBOOK_[A-Z0-9_]+)=").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        while (assignment.find()) {
            set.add(assignment.group(1));
        }

        assertThat(set).containsExactly("DAYBOOK_HTTP_PORT", "DAYBOOK_STATE_DIR");
        assertThat(AppEnvironment.variablesRead()).containsAll(set);
    }

    @Test
    void theCheckSeesTheOptionsOfEveryModule() throws IOException {
        assertThat(AppEnvironment.variablesRead())
                .contains(
                        "DAYBOOK_HTTP_PORT",
                        "DAYBOOK_LOG_FORMAT",
                        "DAYBOOK_APPLICATION_ID",
                        "DAYBOOK_GCS_ENDPOINT",
                        "DAYBOOK_COINGECKO_PLAN");
        assertThat(AppEnvironment.variablesRead()).doesNotContain("DAYBOOK_NO_SUCH_THING");
    }
}
