package dev.daybook.app.progress;

/**
 * How far long work has got at one moment, as {@link ProgressReporter} shows it.
 *
 * @param work what is done of the work, in its own unit (objects, steps, transactions)
 * @param rows the rows done, or null where the work reads none
 */
public record Progress(Count work, Count rows) {

    /** Work of no rows. */
    public static Progress of(Count work) {
        return new Progress(work, null);
    }

    /**
     * @param done  how many are done
     * @param total how many there are, or {@link #UNKNOWN}
     * @param unit  what is counted, plural: {@code objects}, {@code rows}
     */
    public record Count(long done, long total, String unit) {

        public static final long UNKNOWN = -1;

        /** A count whose total is not known. */
        public static Count of(long done, String unit) {
            return new Count(done, UNKNOWN, unit);
        }

        boolean totalKnown() {
            return total != UNKNOWN;
        }
    }
}
