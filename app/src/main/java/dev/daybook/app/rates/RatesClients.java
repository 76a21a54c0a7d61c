package dev.daybook.app.rates;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.TopicCatalogue;

/** The Kafka clients, created on first use and closed by {@link RatesService#close()}. */
final class RatesClients implements AutoCloseable {

    final RatesPublisher publisher;
    final ReferenceReader references;
    final TransactionReader transactions;

    RatesClients(
            KafkaSettings kafka,
            TopicCatalogue topics,
            RatesSettings settings,
            RatesMemory memory,
            RatesMetrics metrics) {
        publisher = new RatesPublisher(kafka, topics);
        references = new ReferenceReader(kafka, topics, memory, metrics);
        transactions = new TransactionReader(kafka, topics, settings.groupId(), memory, publisher, metrics);
    }

    void open() throws RatesFailedException {
        references.open();
        transactions.open();
    }

    void wakeup() {
        references.wakeup();
        transactions.wakeup();
    }

    @Override
    public void close() {
        transactions.close();
        references.close();
        publisher.close();
    }
}
