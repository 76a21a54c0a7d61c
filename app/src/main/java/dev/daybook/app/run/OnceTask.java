package dev.daybook.app.run;

/**
 * The work of a {@code --once} command, on its own thread while the command's thread waits for the stop
 * signal: the work signals it when done, Ctrl-C or a failing part signals it earlier, and the command then
 * closes its parts, which ends work still in progress (the ingester, the sink).
 */
public final class OnceTask implements AutoCloseable {

    /** The work; a failure is reported to the signal with the exception's message. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final Thread thread;

    private OnceTask(StopSignal signal, Work work) {
        this.thread = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        signal.failed(e.getMessage() != null ? e.getMessage() : e.toString());
                    } finally {
                        signal.stop();
                    }
                },
                "daybook-once");
    }

    public static OnceTask start(StopSignal signal, Work work) {
        OnceTask task = new OnceTask(signal, work);
        task.thread.start();
        return task;
    }

    /** Waits for the work to end; call after closing the parts it uses. */
    @Override
    public void close() throws InterruptedException {
        thread.join();
    }
}
