package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw layer in BigQuery: every accepted transaction once in {@code transactions}, however often the sink
 * writes it (a replay, a restart after a crash, an append retried after a failure that had in fact landed).
 *
 * <p>Two steps. {@link #write} appends the rows through the Storage Write API's default stream to
 * {@code transactions_staging}: cheap (no query, billed per GB ingested) and at least once. {@link #merge}, at
 * most once per {@code mergeInterval}, moves what is staged into {@code transactions} by event id and deletes
 * it from staging, in one multi-statement transaction; see {@link RawMergeScript}. An event id's row has one
 * date (the id is a hash of the row, the date comes from the row), so a day's partition is the only place it
 * can already be.
 */
final class RawLayer {

    private static final Logger log = LoggerFactory.getLogger(RawLayer.class);

    private final JobBilling jobs;
    private final RowAppender appender;
    private final BigQueryTableRef transactions;
    private final BigQueryTableRef staging;
    private final Duration mergeInterval;
    private final Clock clock;
    private Instant lastMerge = Instant.MIN;
    private boolean staged;

    RawLayer(
            JobBilling jobs, RowAppender appender, BigQueryTableRef transactions, Duration mergeInterval, Clock clock) {
        this.jobs = jobs;
        this.appender = appender;
        this.transactions = transactions;
        this.staging = stagingOf(transactions);
        this.mergeInterval = mergeInterval;
        this.clock = clock;
    }

    static BigQueryTableRef stagingOf(BigQueryTableRef transactions) {
        return transactions.sibling(transactions.table() + "_staging");
    }

    /** Stages the rows, then merges when the last merge is {@code mergeInterval} ago (the first write merges). */
    void write(List<Transaction> rows) throws WarehouseException {
        if (!rows.isEmpty()) {
            appender.append(staging, rows.stream().map(RawLayer::stagingRow).toList());
            staged = true;
        }
        Instant now = clock.instant();
        if (lastMerge.equals(Instant.MIN) || !now.isBefore(lastMerge.plus(mergeInterval))) {
            merge();
            lastMerge = now;
        }
    }

    /** Merges when this process staged rows since its last merge: what a stop does, at no cost otherwise. */
    void mergeIfStaged() throws WarehouseException {
        if (staged) {
            merge();
        }
    }

    /** Moves every staged row into {@code transactions}, once per event id. */
    void merge() throws WarehouseException {
        List<LocalDate> days = stagedDays();
        if (days.isEmpty()) {
            staged = false;
            return;
        }
        QueryJobConfiguration script = RawMergeScript.of(transactions, staging, days);
        BigQueryCalls.call("merging " + staging + " into " + transactions, () -> jobs.query("raw-merge", script));
        staged = false;
        log.debug("Merged the staged transactions of {} into {}", days, transactions);
    }

    private List<LocalDate> stagedDays() throws WarehouseException {
        QueryJobConfiguration select = QueryJobConfiguration.newBuilder(
                        "SELECT DISTINCT date FROM " + staging.sql() + " ORDER BY date")
                .setUseLegacySql(false)
                .build();
        List<LocalDate> days = new ArrayList<>();
        for (FieldValueList row : BigQueryCalls.call(
                        "reading the days of " + staging, () -> jobs.query("select", select))
                .iterateAll()) {
            days.add(LocalDate.parse(row.get(0).getStringValue()));
        }
        return days;
    }

    /** The row as the staging table takes it: amounts as exact decimal text, the time in microseconds. */
    static Map<String, Object> stagingRow(Transaction tx) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("event_id", tx.eventId());
        row.put("ts", Math.multiplyExact(tx.ts(), 1000L));
        row.put("date", tx.day().toString());
        row.put("event", tx.event());
        row.put("project_id", tx.projectId());
        row.put("chain_id", tx.chainId());
        row.put("currency_address", tx.currencyAddress());
        row.put("currency_symbol", tx.currencySymbol());
        row.put("amount_raw", tx.amountRaw() == null ? null : tx.amountRaw().toString());
        row.put(
                "amount_decimal",
                tx.amountDecimal() == null ? null : tx.amountDecimal().toPlainString());
        row.put("source_uri", tx.source().uri());
        row.put("source_generation", tx.source().generation());
        row.put("source_line", tx.source().line());
        row.put("app", tx.app());
        row.put("collection_address", tx.collectionAddress());
        row.put("token_id", tx.tokenId());
        row.put("txn_hash", tx.txnHash());
        row.put("marketplace_type", tx.marketplaceType());
        row.put("request_id", tx.requestId());
        row.put("country", tx.country());
        row.put("device_type", tx.deviceType());
        row.put("device_os", tx.deviceOs());
        row.put("device_os_ver", tx.deviceOsVer());
        row.put("device_browser", tx.deviceBrowser());
        row.put("device_browser_ver", tx.deviceBrowserVer());
        return row;
    }

    static String days(List<LocalDate> days) {
        return days.stream().map(day -> "DATE '" + day + "'").collect(Collectors.joining(", "));
    }
}
