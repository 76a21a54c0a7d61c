package dev.daybook.connectors.warehouse.bigquery;

import java.time.Instant;
import java.time.LocalDate;

/** A row of the table as BigQuery holds it: the volume is the FLOAT64 of the column. */
public record StoredDailyVolume(
        LocalDate date,
        String projectId,
        long numTransactions,
        double totalVolumeUsd,
        long unpricedTransactions,
        Instant updatedAt,
        long version) {}
