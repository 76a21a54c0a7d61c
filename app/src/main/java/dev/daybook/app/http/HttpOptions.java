package dev.daybook.app.http;

import dev.daybook.connectors.source.gcs.DurationConverter;
import java.time.Duration;
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

    @Option(names = "--sink-stall-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:DAYBOOK_SINK_STALL_TIMEOUT:-2m}",
            description = "Readiness fails when records wait for the sink and none was written for this long, e.g. 90s or 5m (env DAYBOOK_SINK_STALL_TIMEOUT, default ${DEFAULT-VALUE}).")
    private Duration sinkStallTimeout;

    /** How long the sink may write nothing while records wait before {@code /health/ready} fails (see {@link SinkReadiness}). */
    public Duration sinkStallTimeout() {
        return sinkStallTimeout;
    }

    public HttpSettings settings() {
        return new HttpSettings(bindHost, port, advertisedHost);
    }
}
