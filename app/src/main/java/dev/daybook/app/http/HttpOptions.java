package dev.daybook.app.http;

import picocli.CommandLine.Option;

/** Command-line options of the HTTP server (API, dashboard, health, metrics); use as a picocli {@code @Mixin}. */
public final class HttpOptions {

    @Option(names = "--http-port", paramLabel = "PORT",
            defaultValue = "${env:DAYBOOK_HTTP_PORT:-" + HttpSettings.DEFAULT_PORT + "}",
            description = "Port of the API, dashboard, health and metrics; 0 picks a free one (env DAYBOOK_HTTP_PORT, default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--http-host", paramLabel = "ADDRESS",
            defaultValue = "${env:DAYBOOK_HTTP_HOST:-" + HttpSettings.DEFAULT_BIND_HOST + "}",
            description = "Address the HTTP server listens on (env DAYBOOK_HTTP_HOST, default ${DEFAULT-VALUE}).")
    private String bindHost;

    @Option(names = "--advertised-host", paramLabel = "HOST",
            defaultValue = "${env:DAYBOOK_ADVERTISED_HOST:-}",
            description = "Host name other instances use to reach this one's HTTP server; empty for the listen address, or the machine's host name when listening on all interfaces (env DAYBOOK_ADVERTISED_HOST).")
    private String advertisedHost;

    public HttpSettings settings() {
        return new HttpSettings(bindHost, port, advertisedHost);
    }
}
