package dev.daybook.app.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.topology.DeadLetterStamp;
import dev.daybook.schemas.DeadLetterHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTotalsTest {

    private static final String TRANSACTIONS = "daybook.transactions";

    @Test
    void countsTheAggregationsAndTheSinksDeadLettersAndTheTransactionsTheAggregationRejectedAfterReadingThem() {
        DeadLetterTotals.Tally tally = new DeadLetterTotals.Tally(TRANSACTIONS);

        tally.add(headers("ingest", null, "file:///in/a.csv"));
        tally.add(headers(DeadLetterStamp.STAGE, TRANSACTIONS, "file:///in/a.csv"));
        tally.add(headers(DeadLetterStamp.STAGE, TRANSACTIONS, null));
        tally.add(headers(DeadLetterStamp.STAGE, "daybook.rates", null));
        tally.add(headers(SinkRunner.STAGE, null, "kafka:daybook.daily-volume-0@7"));
        tally.add(new RecordHeaders());

        assertThat(tally.totals()).isEqualTo(new DeadLetterTotals(3, 1, 1));
    }

    private static Headers headers(String stage, String sourceTopic, String sourceUri) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.STAGE, stage.getBytes(UTF_8));
        if (sourceTopic != null) {
            headers.add(DeadLetterStamp.SOURCE_TOPIC, sourceTopic.getBytes(UTF_8));
        }
        if (sourceUri != null) {
            headers.add(DeadLetterHeaders.SOURCE_URI, sourceUri.getBytes(UTF_8));
        }
        return headers;
    }
}
