package dev.daybook.connectors.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port in front of an HTTP server that fails whole connections on
 * demand, the way networks and restarting services do: it drops the open connections and answers new
 * ones with {@code 503 Service Unavailable}, or resets a connection after part of the response has gone
 * through. It copies bytes and reads no request; to fail chosen HTTP requests, use {@link HttpFaultProxy}.
 */
public final class TcpFaultProxy implements AutoCloseable {

    private static final byte[] UNAVAILABLE = """
            HTTP/1.1 503 Service Unavailable\r
            Content-Type: application/json\r
            Content-Length: 0\r
            Connection: close\r
            \r
            """.getBytes(StandardCharsets.US_ASCII);
    private static final long NO_CUT = -1;

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger unavailableLeft = new AtomicInteger();
    private final AtomicLong cutAfter = new AtomicLong(NO_CUT);
    private final AtomicInteger cuts = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private TcpFaultProxy(int targetPort, ServerSocket server) {
        this.targetPort = targetPort;
        this.server = server;
    }

    public static TcpFaultProxy start(int targetPort) throws IOException {
        TcpFaultProxy proxy = new TcpFaultProxy(targetPort, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        proxy.threads.execute(proxy::acceptLoop);
        return proxy;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Drops the open connections, as a restarting server does, and answers the next {@code count}
     * connections' first request with a 503 before closing them.
     */
    public void answerUnavailable(int count) {
        unavailableLeft.set(count);
        open.forEach(TcpFaultProxy::closeQuietly);
    }

    /** The next connection that carries more than {@code bytes} of response is reset at that point. */
    public void resetNextResponseAfter(long bytes) {
        cutAfter.set(bytes);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections reset so far by {@link #resetNextResponseAfter}. */
    public int resets() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        open.add(client);
        try (client) {
            if (unavailableLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                readRequestHead(client.getInputStream());
                client.getOutputStream().write(UNAVAILABLE);
                client.getOutputStream().flush();
                client.shutdownOutput();
                return;
            }
            try (Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                threads.execute(() -> pump(client, target, false));
                pump(target, client, true);
            }
        } catch (IOException ignored) {
            // the peer went away; nothing to clean up beyond the sockets
        } finally {
            open.remove(client);
        }
    }

    /** Copies from {@code from} to {@code to}; on the response side, resets {@code to} where told to. */
    private void pump(Socket from, Socket to, boolean response) {
        byte[] buffer = new byte[16 * 1024];
        long passed = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long limit = response ? cutAfter.get() : NO_CUT;
                if (limit != NO_CUT && passed + n > limit && cutAfter.compareAndSet(limit, NO_CUT)) {
                    out.write(buffer, 0, (int) (limit - passed));
                    out.flush();
                    cuts.incrementAndGet();
                    reset(to);
                    reset(from);
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
                passed += n;
            }
            to.shutdownOutput();
        } catch (IOException closed) {
            closeQuietly(to);
        }
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
