package dev.daybook.app.ingest;

import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.ObjectUnreadableException;
import dev.daybook.connectors.source.SourceObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Predicate;

/** Object sources wrapping a real one, to observe or disturb how the ingester reads. */
final class TestSources {

    private TestSources() {}

    /** An {@code open(object, offset)} call. */
    record Open(String objectId, long offset) {}

    private abstract static class Forwarding implements ObjectSource {
        final ObjectSource delegate;

        Forwarding(ObjectSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public String uri() {
            return delegate.uri();
        }

        @Override
        public List<SourceObject> list() throws IOException {
            return delegate.list();
        }

        @Override
        public InputStream open(SourceObject object, long offset) throws IOException {
            return delegate.open(object, offset);
        }
    }

    /** Records every open. */
    static final class Recording extends Forwarding {
        final List<Open> opens = new CopyOnWriteArrayList<>();

        Recording(ObjectSource delegate) {
            super(delegate);
        }

        @Override
        public InputStream open(SourceObject object, long offset) throws IOException {
            opens.add(new Open(object.id(), offset));
            return super.open(object, offset);
        }
    }

    /** Objects opened at their start fail as {@code failure} makes them after {@code limit} stored bytes. */
    static final class FailingFromStart extends Forwarding {
        private final long limit;
        private final Failure failure;

        private FailingFromStart(ObjectSource delegate, long limit, Failure failure) {
            super(delegate);
            this.limit = limit;
            this.failure = failure;
        }

        /** Stop delivering bytes after {@code limit} stored bytes, until the process dies. */
        static FailingFromStart stalling(ObjectSource delegate, long limit) {
            return new FailingFromStart(delegate, limit, () -> {
                new CountDownLatch(1).await();
                throw new IllegalStateException("never released");
            });
        }

        /** Throw an OutOfMemoryError in the reader after {@code limit} stored bytes. */
        static FailingFromStart throwingError(ObjectSource delegate, long limit) {
            return new FailingFromStart(delegate, limit, () -> {
                throw new OutOfMemoryError("Java heap space (injected by the test in "
                        + Thread.currentThread().getName() + ")");
            });
        }

        @Override
        public InputStream open(SourceObject object, long offset) throws IOException {
            InputStream in = super.open(object, offset);
            return offset == 0 ? new FailingAfter(in, limit, failure) : in;
        }
    }

    /**
     * The first {@code failingOpens} opens of objects the predicate selects that read past stored byte
     * {@code failAt} throw a transient {@link IOException} there, like a dropped connection.
     */
    static final class Flaky extends Forwarding {
        private final long failAt;
        private final Predicate<SourceObject> affected;
        private final Function<SourceObject, IOException> error;
        private int failuresLeft;

        Flaky(ObjectSource delegate, long failAt, int failingOpens, Predicate<SourceObject> affected) {
            this(delegate, failAt, failingOpens, affected, object -> new IOException("connection reset (test)"));
        }

        private Flaky(
                ObjectSource delegate,
                long failAt,
                int failingOpens,
                Predicate<SourceObject> affected,
                Function<SourceObject, IOException> error) {
            super(delegate);
            this.failAt = failAt;
            this.failuresLeft = failingOpens;
            this.affected = affected;
            this.error = error;
        }

        /** Like {@link Flaky}, but the read is refused for good, like a 403 while access is being changed. */
        static Flaky refusing(ObjectSource delegate, long failAt, int failingOpens) {
            return new Flaky(
                    delegate,
                    failAt,
                    failingOpens,
                    object -> true,
                    object -> new ObjectUnreadableException(object, "403 Forbidden (test)", null));
        }

        @Override
        public InputStream open(SourceObject object, long offset) throws IOException {
            InputStream in = super.open(object, offset);
            synchronized (this) {
                // an open that never reaches failAt (a smaller object, read first by another worker) spends no failure
                if (!affected.test(object) || offset >= failAt || object.size() <= failAt || failuresLeft == 0) {
                    return in;
                }
                failuresLeft--;
            }
            return new FailingAfter(in, failAt - offset, () -> error.apply(object));
        }
    }

    /** Deletes a file right after listing it: the object vanishes between listing and reading. */
    static final class DeletingAfterListing extends Forwarding {
        private final java.nio.file.Path file;

        DeletingAfterListing(ObjectSource delegate, java.nio.file.Path file) {
            super(delegate);
            this.file = file;
        }

        @Override
        public List<SourceObject> list() throws IOException {
            List<SourceObject> listed = super.list();
            java.nio.file.Files.deleteIfExists(file);
            return listed;
        }
    }

    interface Failure {
        IOException happen() throws InterruptedException;
    }

    /** Passes {@code limit} bytes, then throws what {@code failure} makes (or blocks in it). */
    private static final class FailingAfter extends FilterInputStream {
        private final Failure failure;
        private long left;

        FailingAfter(InputStream in, long limit, Failure failure) {
            super(in);
            this.left = limit;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                try {
                    throw failure.happen();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
        }
    }
}
