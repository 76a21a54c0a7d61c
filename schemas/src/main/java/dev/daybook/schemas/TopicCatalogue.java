package dev.daybook.schemas;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Daybook's topics, each with its key and value serdes, all named with one prefix (default {@code daybook.})
 * so that several deployments can share a cluster. The keys are strings (see {@link Keys}) except on
 * {@code dead-letter}, which keeps the rejected record's bytes; the values are the JSON of the contract records,
 * except on {@code transactions}, which holds their binary form ({@link TransactionSerde}).
 */
public final class TopicCatalogue {

    public static final String DEFAULT_PREFIX = "daybook.";

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Serde<byte[]> BYTES = Serdes.ByteArray();
    private static final Serde<Transaction> TRANSACTIONS = new TransactionSerde();
    private static final Serde<Token> TOKENS = JsonSerde.of(Token.class);
    private static final Serde<Rate> RATES = JsonSerde.of(Rate.class);
    private static final Serde<DailyVolume> DAILY_VOLUMES = JsonSerde.of(DailyVolume.class);
    private static final Serde<DailyCurrencyVolume> DAILY_CURRENCY_VOLUMES = JsonSerde.of(DailyCurrencyVolume.class);
    private static final Serde<IngestProgress> PROGRESS = JsonSerde.of(IngestProgress.class);

    private final String prefix;
    private final Topic<String, Transaction> transactions;
    private final Topic<String, Token> tokens;
    private final Topic<String, Rate> rates;
    private final Topic<String, DailyVolume> dailyVolume;
    private final Topic<String, DailyCurrencyVolume> dailyCurrencyVolume;
    private final Topic<byte[], byte[]> deadLetter;
    private final Topic<String, byte[]> ratesNeeds;
    private final Topic<String, IngestProgress> ingestProgress;

    private TopicCatalogue(String prefix) {
        this.prefix = prefix;
        this.transactions = new Topic<>(prefix + "transactions", STRINGS, TRANSACTIONS);
        this.tokens = new Topic<>(prefix + "tokens", STRINGS, TOKENS);
        this.rates = new Topic<>(prefix + "rates", STRINGS, RATES);
        this.dailyVolume = new Topic<>(prefix + "daily-volume", STRINGS, DAILY_VOLUMES);
        this.dailyCurrencyVolume = new Topic<>(prefix + "daily-currency-volume", STRINGS, DAILY_CURRENCY_VOLUMES);
        this.deadLetter = new Topic<>(prefix + "dead-letter", BYTES, BYTES);
        this.ratesNeeds = new Topic<>(prefix + "rates-needs", STRINGS, BYTES);
        this.ingestProgress = new Topic<>(prefix + "ingest-progress", STRINGS, PROGRESS);
    }

    public static TopicCatalogue forPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("the topic prefix must not be null");
        }
        return new TopicCatalogue(prefix);
    }

    public static TopicCatalogue withDefaultPrefix() {
        return forPrefix(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    public Topic<String, Transaction> transactions() {
        return transactions;
    }

    public Topic<String, Token> tokens() {
        return tokens;
    }

    public Topic<String, Rate> rates() {
        return rates;
    }

    public Topic<String, DailyVolume> dailyVolume() {
        return dailyVolume;
    }

    /** Compacted: the priced buckets of the aggregation, by (day, project, currency), newest version per key. */
    public Topic<String, DailyCurrencyVolume> dailyCurrencyVolume() {
        return dailyCurrencyVolume;
    }

    /** Rejected records: their original key and value bytes, with {@link DeadLetterHeaders}. */
    public Topic<byte[], byte[]> deadLetter() {
        return deadLetter;
    }

    /**
     * Compacted: what transactions need from the rates service, and what CoinGecko could not give it. Its values
     * are the rates service's own records, which it reads and writes through {@link Topic#withValueSerde}.
     */
    public Topic<String, byte[]> ratesNeeds() {
        return ratesNeeds;
    }

    /** Compacted: what each source object has contributed so far (see the ingester). */
    public Topic<String, IngestProgress> ingestProgress() {
        return ingestProgress;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicCatalogue catalogue && catalogue.prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        return "TopicCatalogue[prefix=" + prefix + "]";
    }
}
