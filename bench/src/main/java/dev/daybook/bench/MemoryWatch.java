package dev.daybook.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The process's memory peaks during a run: the most heap in use (sampled, and the heap pools' own peaks),
 * the most heap still live after a garbage collection (what the run really needed), and the peak resident
 * set size ({@code VmHWM} of {@code /proc/self/status}, reset at the start where the kernel allows it). The
 * broker, Kafka Streams (RocksDB), the ingester, the sink and DuckDB all share this process.
 */
final class MemoryWatch implements AutoCloseable {

    /** What was measured, in bytes; -1 where unknown. */
    record Peaks(long heapUsed, long heapLiveAfterGc, long heapMax, long residentSet) {}

    private final AtomicLong sampledHeap = new AtomicLong();
    private final AtomicLong liveAfterGc = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();

    /** Resets the peaks and starts listening to garbage collections. */
    void start() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        resetResidentPeak();
        sampledHeap.set(0);
        liveAfterGc.set(0);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                NotificationListener listener = this::afterCollection;
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
    }

    /** Records the heap in use now. */
    void sample() {
        sampledHeap.accumulateAndGet(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    Peaks peaks() {
        sample();
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        // The pools peak at different moments, so their sum is an upper bound: the sample is a lower one.
        long heapUsed = Math.max(
                sampledHeap.get(),
                Math.min(
                        poolPeaks,
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()));
        return new Peaks(
                heapUsed,
                liveAfterGc.get(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(),
                residentPeak());
    }

    private void afterCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long live = 0;
        for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeapPool(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                live += usage.getUsed();
            }
        }
        liveAfterGc.accumulateAndGet(live, Math::max);
    }

    private static boolean isHeapPool(String name) {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(pool -> pool.getName().equals(name) && pool.getType() == MemoryType.HEAP);
    }

    /** Writing 5 to clear_refs resets VmHWM (Linux 4.0 and later); elsewhere the peak is the process's. */
    private static void resetResidentPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not allowed: the peak then covers the whole process life
        }
    }

    private static long residentPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        unregister.forEach(Runnable::run);
        unregister.clear();
    }
}
