package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One thread works for the rates service at a time, and stopping it waits for that thread. */
class RatesWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RatesWorker worker = new RatesWorker(Duration.ofSeconds(30));

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aSecondThreadCannotWorkWhileTheFirstDoes() throws Exception {
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Boolean> first = onAnotherThread(() -> {
            worker.claim(false);
            claimed.countDown();
            await(done);
            worker.release(false);
            return true;
        });
        await(claimed);

        assertThatThrownBy(() -> worker.claim(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the rates service is already running");

        done.countDown();
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(worker.claim(false)).isTrue();
        worker.release(false);
    }

    @Test
    void runsOnceMayFollowEachOtherButNothingFollowsAContinuousRun() {
        assertThat(worker.claim(false)).isTrue();
        worker.release(false);
        assertThat(worker.claim(true)).isTrue();
        worker.release(false);

        assertThatThrownBy(() -> worker.claim(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the rates service ran already");
    }

    @Test
    void noThreadWorksOnceStopped() {
        AtomicBoolean closed = new AtomicBoolean();

        worker.stop(thread -> {}, () -> closed.set(true));

        assertThat(closed).isTrue();
        assertThat(worker.closing()).isTrue();
        assertThat(worker.claim(false)).isFalse();
        assertThat(worker.claim(true)).isFalse();
    }

    @Test
    void stoppingWakesTheWorkerAndWaitsForItToFinish() throws Exception {
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<Thread> workingThread = new AtomicReference<>();
        CompletableFuture<Boolean> working = onAnotherThread(() -> {
            worker.claim(true);
            workingThread.set(Thread.currentThread());
            claimed.countDown();
            await(woken);
            finished.set(true);
            worker.release(false);
            return true;
        });
        await(claimed);
        AtomicReference<Thread> wakened = new AtomicReference<>();
        AtomicBoolean finishedBeforeAfterwards = new AtomicBoolean();

        worker.stop(
                thread -> {
                    wakened.set(thread);
                    woken.countDown();
                },
                () -> finishedBeforeAfterwards.set(finished.get()));

        assertThat(wakened.get()).isSameAs(workingThread.get());
        assertThat(finishedBeforeAfterwards).isTrue();
        working.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theWorkerStoppingItselfDoesNotWakeItself() {
        AtomicBoolean wakened = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        assertThat(worker.claim(true)).isTrue();

        worker.stop(thread -> wakened.set(true), () -> closed.set(true));
        worker.release(false);

        assertThat(wakened).isFalse();
        assertThat(closed).isTrue();
    }

    @Test
    void anInterruptMeantForTheWorkersCallIsForgottenWhenItStops() throws Exception {
        assertThat(worker.claim(false)).isTrue();
        worker.release(true);
        assertThat(Thread.interrupted())
                .as("an interrupt from someone else is kept")
                .isTrue();

        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        CompletableFuture<Boolean> interruptKept = onAnotherThread(() -> {
            worker.claim(false);
            claimed.countDown();
            await(woken);
            worker.release(true);
            return Thread.currentThread().isInterrupted();
        });
        await(claimed);

        worker.stop(thread -> woken.countDown(), () -> {});

        assertThat(interruptKept.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anInterruptedStopGivesUpWaitingAndKeepsTheInterrupt() throws Exception {
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Boolean> working = onAnotherThread(() -> {
            worker.claim(false);
            claimed.countDown();
            await(done);
            worker.release(false);
            return true;
        });
        await(claimed);
        AtomicBoolean closed = new AtomicBoolean();

        Thread.currentThread().interrupt();
        worker.stop(thread -> {}, () -> closed.set(true));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(closed).isFalse();
        done.countDown();
        working.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Runs {@code work} on a thread of its own, so that interrupts stay with this test. */
    private static <T> CompletableFuture<T> onAnotherThread(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        new Thread(
                        () -> {
                            try {
                                result.complete(work.get());
                            } catch (RuntimeException | AssertionError e) {
                                result.completeExceptionally(e);
                            }
                        },
                        "rates-worker-test")
                .start();
        return result;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("waited for the other thread")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
