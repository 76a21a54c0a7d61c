package dev.daybook.app.http;

import picocli.CommandLine.Option;

/**
 * Where a Daybook process serves HTTP (health and metrics, plus the API and dashboard where it aggregates);
 * use as a picocli {@code @Mixin}.
 */
public final class ListenOptions {

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "" + HttpSettings.DEFAULT_PORT,
            description = "Port of the HTTP server (health, metrics, and where the process aggregates the API and"
                    + " dashboard); 0 picks a free one (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--http-host",
            paramLabel = "ADDRESS",
            defaultValue = "" + HttpSettings.DEFAULT_BIND_HOST,
            description = "Address the HTTP server listens on (default ${DEFAULT-VALUE}).")
    private String bindHost;

    /** @param advertisedHost how other instances reach this one; blank where nobody forwards to it */
    HttpSettings settings(String advertisedHost) {
        return new HttpSettings(bindHost, port, advertisedHost);
    }

    public HttpSettings settings() {
        return settings("");
    }
}
