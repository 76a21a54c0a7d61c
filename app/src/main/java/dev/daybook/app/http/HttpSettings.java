package dev.daybook.app.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where the HTTP server listens and how other instances reach it.
 *
 * @param bindHost       address to listen on ({@code 0.0.0.0} for all interfaces)
 * @param port           port to listen on; 0 picks a free one
 * @param advertisedHost host name or address other instances use to reach this one (with the actual port it
 *                       becomes Kafka Streams' {@code application.server}); blank for the bind address, or this
 *                       machine's host name when listening on all interfaces
 */
public record HttpSettings(String bindHost, int port, String advertisedHost) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND_HOST = "0.0.0.0";

    public HttpSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        advertisedHost = advertisedHost == null ? "" : advertisedHost.trim();
    }

    /** Loopback only, on a free port: for tests and local tools. */
    public static HttpSettings loopback() {
        return new HttpSettings("127.0.0.1", 0, "");
    }

    /** The host other instances should use: the advertised one, else the bind address, else the host name. */
    public String reachableHost() {
        if (!advertisedHost.isEmpty()) {
            return advertisedHost;
        }
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            return bindHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot tell this machine's host name; set --advertised-host", e);
        }
    }
}
