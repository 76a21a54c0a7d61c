package dev.daybook.app.sink;

import java.util.concurrent.CountDownLatch;

/**
 * When a sink that runs once may stop: once it is told that everything upstream of it is committed, it catches up
 * to where its topics' committed records end at that moment and stops there. Until then it writes as a continuous
 * sink does, so that {@code daybook run --once} writes the warehouse while it ingests and aggregates.
 */
public final class CatchUp {

    private final CountDownLatch upstreamDone = new CountDownLatch(1);

    /** A catch-up to the ends as of the sink's start: everything upstream is committed already. */
    public static CatchUp now() {
        CatchUp catchUp = new CatchUp();
        catchUp.upstreamDone();
        return catchUp;
    }

    /** Everything the sink is to write is committed to its topics now; may be called from any thread. */
    public void upstreamDone() {
        upstreamDone.countDown();
    }

    boolean isUpstreamDone() {
        return upstreamDone.getCount() == 0;
    }
}
