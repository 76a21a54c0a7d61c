package dev.daybook.connectors.source.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.StorageException;
import dev.daybook.connectors.source.IncludeFilter;
import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.SourceObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The objects under a {@code gs://bucket/prefix} that match the include filter. Each version of an
 * object is one {@link SourceObject}: its generation is part of its identity, and it is read pinned
 * to that generation, so an overwrite during a read can never mix two versions. Thread-safe: any
 * number of objects may be open at once, each streamed through a buffer of the configured chunk size.
 * The source owns its client and closes it on {@link #close()}.
 */
public final class GcsSource implements ObjectSource {

    public static final int DEFAULT_PAGE_SIZE = 1000;

    private static final BlobField[] FIELDS = {
        BlobField.BUCKET,
        BlobField.NAME,
        BlobField.GENERATION,
        BlobField.SIZE,
        BlobField.CRC32C,
        BlobField.MD5HASH,
        BlobField.UPDATED,
        BlobField.CONTENT_ENCODING
    };

    private final Storage storage;
    private final GcsLocation location;
    private final IncludeFilter include;
    private final int chunkSize;
    private final int pageSize;
    private final Counter objectsListed;
    private final Counter listPages;
    private final Counter bytesRead;

    public GcsSource(
            Storage storage,
            GcsLocation location,
            IncludeFilter include,
            int chunkSize,
            int pageSize,
            MeterRegistry meters) {
        if (chunkSize <= 0 || pageSize <= 0) {
            throw new IllegalArgumentException("chunk size and page size must be positive");
        }
        this.storage = storage;
        this.location = location;
        this.include = include;
        this.chunkSize = chunkSize;
        this.pageSize = pageSize;
        this.objectsListed = Counter.builder("daybook.gcs.objects.listed")
                .description("matching objects returned by listings, summed over all listings")
                .tag("source", location.uri())
                .register(meters);
        this.listPages = Counter.builder("daybook.gcs.list.pages")
                .description("list requests (pages) sent to GCS")
                .tag("source", location.uri())
                .register(meters);
        this.bytesRead = Counter.builder("daybook.gcs.bytes.read")
                .description("stored bytes read from objects")
                .baseUnit("bytes")
                .tag("source", location.uri())
                .register(meters);
    }

    /** A source for {@code gs://bucket/prefix} with a client built from the options. */
    public static GcsSource create(String uri, IncludeFilter include, GcsSettings options, MeterRegistry meters) {
        return new GcsSource(
                GcsClients.storage(options),
                GcsLocation.parse(uri),
                include,
                options.chunkSize(),
                DEFAULT_PAGE_SIZE,
                meters);
    }

    @Override
    public String uri() {
        return location.uri();
    }

    public GcsLocation location() {
        return location;
    }

    /** Lists page by page; the current generation of every matching object, in name order. */
    @Override
    public List<SourceObject> list() throws IOException {
        List<SourceObject> objects = new ArrayList<>();
        try {
            Page<Blob> page = storage.list(
                    location.bucket(),
                    BlobListOption.prefix(location.prefix()),
                    BlobListOption.pageSize(pageSize),
                    BlobListOption.fields(FIELDS));
            while (page != null) {
                listPages.increment();
                for (Blob blob : page.getValues()) {
                    if (include.matches(location.relativeName(blob.getName()))) {
                        objects.add(toSourceObject(blob));
                    }
                }
                page = page.getNextPage();
            }
        } catch (StorageException e) {
            throw new IOException("listing " + uri() + " failed: " + e.getMessage(), e);
        }
        objects.sort(Comparator.comparing(SourceObject::uri));
        objectsListed.increment(objects.size());
        return objects;
    }

    /**
     * The given generation of an object, as a notification names it; empty if the object is not
     * under this source's prefix, not included, or no longer exists in that generation.
     */
    public Optional<SourceObject> find(String bucket, String name, long generation) throws IOException {
        if (!location.contains(bucket, name) || !include.matches(location.relativeName(name))) {
            return Optional.empty();
        }
        try {
            Blob blob = storage.get(BlobId.of(bucket, name, generation), BlobGetOption.fields(FIELDS));
            return Optional.ofNullable(blob).map(this::toSourceObject);
        } catch (StorageException e) {
            throw new IOException(
                    "looking up gs://" + bucket + "/" + name + "#" + generation + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The stored bytes of exactly this generation from {@code offset} on, by a ranged read (resuming
     * after a crash re-reads nothing before the offset). Stored bytes means no decompressive
     * transcoding: a {@code Content-Encoding: gzip} object arrives compressed, as its size and
     * {@link SourceObject#gzip()} say. Reading throws {@link dev.daybook.connectors.source.ObjectVanishedException}
     * when the generation is gone and {@link dev.daybook.connectors.source.ObjectUnreadableException} when
     * GCS refuses it for good.
     */
    @Override
    public InputStream open(SourceObject object, long offset) throws IOException {
        String name = location.objectName(object.uri())
                .orElseThrow(
                        () -> new IllegalArgumentException(object.uri() + " is not in bucket " + location.bucket()));
        if (offset < 0 || offset > object.size()) {
            throw new IllegalArgumentException(
                    "offset " + offset + " is outside " + object.id() + " of " + object.size() + " bytes");
        }
        if (offset == object.size()) {
            return InputStream.nullInputStream();
        }
        ReadChannel channel = storage.reader(
                BlobId.of(location.bucket(), name, object.generation()),
                BlobSourceOption.shouldReturnRawInputStream(true));
        channel.setChunkSize(chunkSize);
        channel.seek(offset);
        return new GcsObjectStream(object, channel, bytesRead);
    }

    private SourceObject toSourceObject(BlobInfo blob) {
        Instant updated = blob.getUpdateTimeOffsetDateTime() == null
                ? Instant.EPOCH
                : blob.getUpdateTimeOffsetDateTime().toInstant();
        boolean gzip = blob.getName().endsWith(".gz") || "gzip".equalsIgnoreCase(blob.getContentEncoding());
        return new SourceObject(
                location.objectUri(blob.getName()),
                blob.getGeneration(),
                blob.getSize(),
                fingerprint(blob),
                updated,
                gzip);
    }

    /**
     * CRC32C and size: GCS computes the CRC32C of every object, composite ones included (MD5 is absent
     * for those), so identical content has the same fingerprint however it was uploaded.
     */
    static String fingerprint(BlobInfo blob) {
        if (blob.getCrc32c() != null) {
            return "crc32c:" + blob.getCrc32c() + ";size:" + blob.getSize();
        }
        if (blob.getMd5() != null) {
            return "md5:" + blob.getMd5();
        }
        return "generation:" + blob.getGeneration();
    }

    @Override
    public void close() throws IOException {
        try {
            storage.close();
        } catch (Exception e) {
            throw new IOException("closing the GCS client failed", e);
        }
    }
}
