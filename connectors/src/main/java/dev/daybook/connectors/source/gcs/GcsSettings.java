package dev.daybook.connectors.source.gcs;

import java.time.Duration;
import java.util.Optional;

/**
 * How a {@code gs://} source reaches GCS and learns of new objects.
 *
 * @param endpoint       GCS JSON API root of an emulator, {@code http://host:port}; empty for Google Cloud
 *                       Storage with Application Default Credentials
 * @param notifications  Pub/Sub subscription {@code projects/P/subscriptions/S} of the bucket's notifications;
 *                       empty for listing only
 * @param pubsubEndpoint Pub/Sub emulator, {@code host:port}; empty for Google Cloud Pub/Sub
 * @param chunkSize      read buffer per object being read, in bytes
 * @param retryTimeout   how long a failing request is retried before the error is reported
 */
public record GcsSettings(
        Optional<String> endpoint,
        Optional<String> notifications,
        Optional<String> pubsubEndpoint,
        int chunkSize,
        Duration retryTimeout) {}
