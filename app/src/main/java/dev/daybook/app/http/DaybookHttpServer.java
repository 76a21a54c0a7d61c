package dev.daybook.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.topology.CurrencyVolumeStore;
import dev.daybook.app.topology.DailyTotalsStore;
import dev.daybook.app.topology.DailyVolumeQuery;
import dev.daybook.app.topology.StateUnavailableException;
import dev.daybook.schemas.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daybook's HTTP server: the daily-volume and currency-volume API, the dashboard, health and metrics; or, in a process that runs
 * no aggregation ({@code ingest}, {@code sink}, {@code rates}), health and metrics only
 * ({@link #healthAndMetrics}). It listens from {@link #start} on and reports no failure: a port it cannot
 * listen on fails {@link #start}.
 *
 * <p>Start it before Kafka Streams, to learn the port ({@code --http-port 0} picks one) and give Streams its
 * {@link #applicationServer()}; until {@link #serve} hands it the store and the readiness checks, the API
 * answers 503 and {@code /health/ready} says "starting":
 *
 * <pre>{@code
 * DaybookHttpServer http = closer.start(DaybookHttpServer.api(httpOptions.settings(), metrics), signal);
 * properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, http.applicationServer());
 * KafkaStreams streams = new KafkaStreams(topology, properties);
 * http.serve(
 *         new DailyTotalsStore(streams, applicationId),
 *         new CurrencyVolumeStore(streams, applicationId),
 *         Readiness.allOf(Readiness.streams(streams::state), sink));
 * }</pre>
 */
public final class DaybookHttpServer implements Service {

    public static final String DAILY_VOLUME_PATH = "/api/daily-volume";
    public static final String CURRENCY_VOLUME_PATH = "/api/currency-volume";
    /** Marks a request another instance forwarded: answer it from these partitions of this instance only. */
    public static final String PARTITIONS_HEADER = "Daybook-Partitions";

    private static final Logger log = LoggerFactory.getLogger(DaybookHttpServer.class);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Javalin app;
    private final HttpSettings settings;
    private final boolean api;
    private final String reachableHost;
    private volatile StoreService<DailyVolumeRow> dailyVolume;
    private volatile StoreService<CurrencyVolumeRow> currencyVolume;
    private volatile Readiness readiness = Readiness.STARTING;

    private DaybookHttpServer(HttpSettings settings, DaybookMetrics metrics, boolean api) {
        this.settings = settings;
        this.api = api;
        this.reachableHost = api ? settings.reachableHost() : settings.bindHost();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            if (api) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = "/dev/daybook/app/http/dashboard";
                    files.location = Location.CLASSPATH;
                    files.headers = Map.of("Cache-Control", "no-cache");
                });
            }
        });
        if (api) {
            app.get(DAILY_VOLUME_PATH, ctx -> answer(ctx, dailyVolume));
            app.get(CURRENCY_VOLUME_PATH, ctx -> answer(ctx, currencyVolume));
        }
        app.get("/health/live", ctx -> ctx.json(new HealthBody("live", null, null)));
        app.get("/health/ready", this::ready);
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
        app.exception(BadRequestException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(StateUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        });
    }

    /** The whole server; the API and readiness follow once {@link #serve} is called. */
    public static DaybookHttpServer api(HttpSettings settings, DaybookMetrics metrics) {
        return new DaybookHttpServer(settings, metrics, true);
    }

    /** Serves {@code /health/live}, {@code /health/ready} (from {@code readiness}) and {@code /metrics}. */
    public static DaybookHttpServer healthAndMetrics(
            HttpSettings settings, DaybookMetrics metrics, Readiness readiness) {
        DaybookHttpServer server = new DaybookHttpServer(settings, metrics, false);
        server.readiness = Objects.requireNonNull(readiness);
        return server;
    }

    /** Listens now. */
    @Override
    public void start(FailureListener failures) {
        app.start(settings.bindHost(), settings.port());
        if (api) {
            log.info(
                    "HTTP server listening on {}:{}, reachable by other instances as {}",
                    settings.bindHost(),
                    port(),
                    applicationServer());
        } else {
            log.info(
                    "Health and metrics on {}health/ready and {}metrics",
                    baseUrl(settings, port()),
                    baseUrl(settings, port()));
        }
    }

    /** The URL of this machine's server, e.g. {@code http://localhost:8080/}: what a person opens in a browser. */
    public static String baseUrl(HttpSettings settings, int port) {
        String host = settings.bindHost();
        boolean anyAddress = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        return "http://" + (anyAddress ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    /** Starts answering API queries from the stores and reporting {@code readiness}. */
    public void serve(DailyTotalsStore dailyTotals, CurrencyVolumeStore currencies, Readiness readiness) {
        HostInfo self = new HostInfo(reachableHost, port());
        PeerClient peers = new PeerClient(PEER_TIMEOUT);
        this.dailyVolume =
                new StoreService<>(new DailyVolumeEndpoint(Objects.requireNonNull(dailyTotals)), self, peers);
        this.currencyVolume =
                new StoreService<>(new CurrencyVolumeEndpoint(Objects.requireNonNull(currencies)), self, peers);
        this.readiness = Objects.requireNonNull(readiness);
    }

    /** {@code host:port} for Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return reachableHost + ":" + port();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** Answers an API path from {@code service}, once {@link #serve} has set it. */
    private static <R extends ApiRow> void answer(Context ctx, StoreService<R> service)
            throws BadRequestException, StateUnavailableException {
        DailyVolumeQuery query = ApiParams.parse(ctx.queryParamMap());
        if (service == null) {
            throw new StateUnavailableException("Daybook is starting; retry");
        }
        Page page = ApiParams.page(ctx.queryParamMap(), service.endpoint());
        String forwarded = ctx.header(PARTITIONS_HEADER);
        Answer<R> answer = forwarded == null
                ? service.answer(query, page)
                : service.answerLocal(ApiParams.partitions(forwarded), query, page);
        answer.lastModified().ifPresent(time -> ctx.header("Last-Modified", HttpDates.format(time)));
        ctx.header("Cache-Control", "no-store");
        List<R> rows = answer.rows();
        // A forwarding instance gets the extra row too: it tells it whether there is a next page.
        if (forwarded == null && rows.size() > page.limit()) {
            rows = rows.subList(0, page.limit());
            ctx.header(
                    "Link",
                    "<" + service.endpoint().path() + "?"
                            + ApiParams.queryParameters(query, page.next(rows.get(rows.size() - 1)))
                            + ">; rel=\"next\"");
        }
        ctx.json(rows);
    }

    private void ready(Context ctx) {
        Readiness.Health health = readiness.check();
        if (health.ready()) {
            ctx.json(new HealthBody("ready", null, health.reason().isEmpty() ? null : health.reason()));
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(new HealthBody("unready", health.reason(), null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record HealthBody(String status, String reason, String note) {}

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
