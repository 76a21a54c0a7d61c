package dev.daybook.app.rates;

/**
 * The rates service stopped: CoinGecko refused the key or plan, answered in a way it cannot use, or Kafka
 * failed. The message is one line and says what happened (for CoinGecko, what to change). Needs read so far
 * are kept in {@code rates-needs}, so the next start resumes them.
 */
public final class RatesFailedException extends Exception {

    public RatesFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
