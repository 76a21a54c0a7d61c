package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the warehouse's query jobs and reports what each was billed, from the job's statistics: the
 * {@value #BYTES_BILLED} summary (per statement kind: its count is jobs, its total bytes) and a debug log
 * line. A job whose statistics cannot be read is still a successful write; it is logged, not counted. A job
 * whose statistics leave out the bytes billed was billed none.
 */
final class JobBilling {

    static final String BYTES_BILLED = "daybook.bigquery.bytes.billed";

    private static final Logger log = LoggerFactory.getLogger(JobBilling.class);

    private final BigQuery bigquery;
    private final MeterRegistry meters;

    JobBilling(BigQuery bigquery, MeterRegistry meters) {
        this.bigquery = bigquery;
        this.meters = meters;
    }

    /** Runs {@code query}, then reads its job's bytes billed; {@code statement} names its kind, e.g. {@code merge}. */
    TableResult query(String statement, QueryJobConfiguration query) throws InterruptedException {
        TableResult result = bigquery.query(query);
        record(statement, result.getJobId());
        return result;
    }

    private void record(String statement, JobId id) {
        if (id == null) {
            log.debug("BigQuery {} ran without a job: nothing billed to report", statement);
            return;
        }
        JobStatistics statistics;
        try {
            Job job = bigquery.getJob(id);
            statistics = job == null ? null : job.getStatistics();
        } catch (BigQueryException e) {
            log.debug("Cannot read the statistics of BigQuery job {} ({}): {}", id.getJob(), statement, e.getMessage());
            return;
        }
        if (!(statistics instanceof JobStatistics.QueryStatistics query)) {
            log.debug("BigQuery job {} ({}) has no query statistics", id.getJob(), statement);
            return;
        }
        // the API leaves out a zero (a cached result, nothing scanned)
        long billed = query.getTotalBytesBilled() == null ? 0 : query.getTotalBytesBilled();
        DistributionSummary.builder(BYTES_BILLED)
                .description("Bytes BigQuery billed per query job, by statement")
                .baseUnit("bytes")
                .tag("statement", statement)
                .register(meters)
                .record((double) billed);
        log.debug("BigQuery job {} ({}) billed {} bytes", id.getJob(), statement, billed);
    }
}
