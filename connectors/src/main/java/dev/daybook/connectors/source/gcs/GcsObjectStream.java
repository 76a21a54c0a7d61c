package dev.daybook.connectors.source.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.StorageException;
import dev.daybook.connectors.source.ObjectUnreadableException;
import dev.daybook.connectors.source.ObjectVanishedException;
import dev.daybook.connectors.source.SourceObject;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;

/**
 * An object's bytes as they arrive through a {@link ReadChannel}, counted, with GCS failures turned
 * into the exceptions the ingester tells apart: gone, refused for good, or transient.
 */
final class GcsObjectStream extends InputStream {

    private final SourceObject object;
    private final ReadChannel channel;
    private final InputStream in;
    private final Counter bytesRead;
    private final byte[] single = new byte[1];

    GcsObjectStream(SourceObject object, ReadChannel channel, Counter bytesRead) {
        this.object = object;
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.bytesRead = bytesRead;
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException | StorageException e) {
            throw translate(e);
        }
        if (n > 0) {
            bytesRead.increment(n);
        }
        return n;
    }

    @Override
    public void close() {
        channel.close();
    }

    private IOException translate(Exception failure) {
        StorageException storage = storageException(failure);
        if (storage == null) {
            return failure instanceof IOException io ? io : new IOException(failure);
        }
        int code = storage.getCode();
        if (code == 404 || code == 412) {
            return new ObjectVanishedException(object, failure);
        }
        if (code >= 400 && code < 500 && code != 408 && code != 429) {
            return new ObjectUnreadableException(
                    object, "GCS refused the read with HTTP " + code + ": " + storage.getMessage(), failure);
        }
        return new IOException("reading " + object.id() + " failed: " + storage.getMessage(), failure);
    }

    private static StorageException storageException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException storage) {
                return storage;
            }
        }
        return null;
    }
}
