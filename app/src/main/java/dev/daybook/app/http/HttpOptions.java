package dev.daybook.app.http;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line options of the HTTP server of a process that aggregates (API, dashboard, health, metrics):
 * where it listens and how the other instances reach it; use as a picocli {@code @Mixin}.
 */
public final class HttpOptions {

    @Mixin
    private ListenOptions listen;

    @Option(
            names = "--advertised-host",
            paramLabel = "HOST",
            defaultValue = "",
            description =
                    "Host name other instances use to reach this one's HTTP server; empty for the listen address, or the machine's host name when listening on all interfaces.")
    private String advertisedHost;

    public HttpSettings settings() {
        return listen.settings(advertisedHost);
    }
}
