package dev.daybook.connectors.source;

import java.io.IOException;

/** A source ready to be read, and how its new objects are found. Closing it closes the source. */
public record OpenedSource(ObjectSource source, DiscoveryFactory discoveries) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        source.close();
    }
}
