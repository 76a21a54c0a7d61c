package dev.daybook.schemas;

/**
 * Names of Daybook's topics, all sharing one prefix (default {@code daybook.}) so that several
 * deployments can share a cluster.
 */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "daybook.";

    public static Topics withDefaultPrefix() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String transactions() {
        return prefix + "transactions";
    }

    public String tokens() {
        return prefix + "tokens";
    }

    public String rates() {
        return prefix + "rates";
    }

    public String dailyVolume() {
        return prefix + "daily-volume";
    }

    public String deadLetter() {
        return prefix + "dead-letter";
    }

    /**
     * Compacted: what transactions need from the rates service, and what CoinGecko could not give it
     * (see the rates service).
     */
    public String ratesNeeds() {
        return prefix + "rates-needs";
    }

    /** Compacted: what each source object has contributed so far (see the ingester). */
    public String ingestProgress() {
        return prefix + "ingest-progress";
    }
}
