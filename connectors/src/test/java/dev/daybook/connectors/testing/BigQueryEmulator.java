package dev.daybook.connectors.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * goccy/bigquery-emulator on free loopback ports, with one project, {@link #PROJECT}. Its SQL engine is
 * pure Go, so it builds without cgo.
 *
 * <p>Pinned at v0.8.1, the newest version the Go module proxy serves here. The fixes of #491, which
 * came after it, are not in it; what the tests meet of that (creating a dataset that already exists is
 * a 500, not a 409; jobs.insert ignores a default dataset) the code under test avoids anyway.
 */
public final class BigQueryEmulator implements AutoCloseable {

    public static final String MODULE = "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator";
    public static final String VERSION = "v0.8.1";
    public static final String PROJECT = "test";

    private final ExternalProcess process;
    private final int grpcPort;

    private BigQueryEmulator(ExternalProcess process, int grpcPort) {
        this.process = process;
        this.grpcPort = grpcPort;
    }

    public static BigQueryEmulator start() throws IOException, InterruptedException {
        Path binary = GoBinary.install(MODULE, VERSION);
        int port = ExternalProcess.freePort();
        int grpcPort = ExternalProcess.freePort();
        return new BigQueryEmulator(
                ExternalProcess.start(
                        List.of(
                                binary.toString(),
                                "--project=" + PROJECT,
                                "--host=127.0.0.1",
                                "--port=" + port,
                                "--grpc-port=" + grpcPort),
                        port,
                        Duration.ofSeconds(60)),
                grpcPort);
    }

    /** The REST API root, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return process.baseUrl();
    }

    public int port() {
        return process.port();
    }

    /** The gRPC endpoint of the Storage Read and Write APIs, e.g. {@code 127.0.0.1:40124} (plaintext). */
    public String grpcEndpoint() {
        return "127.0.0.1:" + grpcPort;
    }

    @Override
    public void close() {
        process.close();
    }
}
