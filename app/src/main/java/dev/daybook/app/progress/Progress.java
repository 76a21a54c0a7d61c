package dev.daybook.app.progress;

/**
 * How far long work has got at one moment, as {@link ProgressReporter} shows it.
 *
 * @param work what is done of the work, in its own unit (objects, steps), or null where only rows are counted
 * @param rows the rows done (or records, transactions), whose pace is shown, or null where the work reads none
 */
public record Progress(Count work, Count rows) {

    public Progress {
        if (work == null && rows == null) {
            throw new IllegalArgumentException("progress counts something");
        }
    }

    /** Work of no rows. */
    public static Progress of(Count work) {
        return new Progress(work, null);
    }

    /** Rows alone. */
    public static Progress ofRows(Count rows) {
        return new Progress(null, rows);
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
