package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Assumes no DAYBOOK_* variables are set. */
class HttpOptionsTest {

    @Command
    static final class App {
        @Mixin
        HttpOptions http;
    }

    private static HttpOptions parse(String... args) {
        App app = new App();
        new CommandLine(app).parseArgs(args);
        return app.http;
    }

    @Test
    void defaultsListenOnPort8080OfEveryInterface() {
        HttpOptions options = parse();

        assertThat(options.settings()).isEqualTo(new HttpSettings("0.0.0.0", 8080, ""));
    }

    @Test
    void everythingCanBeSetOnTheCommandLine() {
        HttpOptions options =
                parse("--http-port", "0", "--http-host", "127.0.0.1", "--advertised-host", "daybook-2.svc");

        assertThat(options.settings()).isEqualTo(new HttpSettings("127.0.0.1", 0, "daybook-2.svc"));
        assertThat(options.settings().reachableHost()).isEqualTo("daybook-2.svc");
    }

    @Test
    void otherInstancesReachASpecificListenAddressAsIs() {
        assertThat(new HttpSettings("10.0.0.7", 8080, "").reachableHost()).isEqualTo("10.0.0.7");
        assertThat(new HttpSettings("0.0.0.0", 8080, "").reachableHost())
                .isNotEqualTo("0.0.0.0")
                .isNotBlank();
    }
}
