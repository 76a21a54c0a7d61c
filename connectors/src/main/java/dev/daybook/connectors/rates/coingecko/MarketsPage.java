package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Rate;
import java.util.Map;

/**
 * One page of {@code /coins/markets}.
 *
 * @param figures   each readable entry's current price, market cap and 24-hour volume by coin id, in rank order
 * @param malformed entries left out because they had no coin id or no usable price
 */
record MarketsPage(Map<String, Rate> figures, int malformed) {

    /** How many entries the page had. */
    int entries() {
        return figures.size() + malformed;
    }
}
