package dev.daybook.app.topology;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One priced bucket as the topology holds it: a project's transactions of one currency on one UTC day.
 *
 * @param coinId            the currency's coin, null while its token is unknown
 * @param volumeUsd         the exact USD value of the priced transactions
 * @param newestTransaction the event time of the newest transaction the bucket counts
 */
public record StoredCurrencyVolume(
        LocalDate date,
        String projectId,
        long chainId,
        String currencyAddress,
        String coinId,
        long numTransactions,
        BigDecimal volumeUsd,
        long unpricedTransactions,
        Instant newestTransaction) {}
