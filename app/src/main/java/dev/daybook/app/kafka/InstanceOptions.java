package dev.daybook.app.kafka;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The name under which a process joins Daybook's consumer groups ({@link InstanceId}); use as a picocli
 * {@code @Mixin} in every command that joins one.
 */
public final class InstanceOptions {

    @Option(
            names = "--instance-id",
            paramLabel = "ID",
            converter = Converter.class,
            description =
                    "This process's name in the consumer groups (Kafka static membership): keep it when the process"
                            + " restarts, so that a restart after a crash takes the crashed process's partitions at once instead of"
                            + " waiting out its session timeout, and give every process running at the same time its own;"
                            + " daybook rates, which has no --state-dir, defaults to the host name"
                            + " (default: <host name>-<8 hex digits of the SHA-256 of the absolute --state-dir>).")
    InstanceId instanceId;

    /** {@code --instance-id}, else one derived from this host's name and the state directory. */
    public InstanceId instanceId(Path stateDir) {
        return instanceId != null ? instanceId : InstanceId.derive(InstanceId.hostName(), stateDir);
    }

    /** {@code --instance-id}, else this host's name: for a process that keeps no state. */
    public InstanceId instanceId() {
        return instanceId != null ? instanceId : InstanceId.derive(InstanceId.hostName());
    }

    /** For picocli: a malformed id is a usage error. */
    static final class Converter implements ITypeConverter<InstanceId> {
        @Override
        public InstanceId convert(String value) {
            try {
                return new InstanceId(value.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
