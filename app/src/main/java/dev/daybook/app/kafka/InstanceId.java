package dev.daybook.app.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * This process's name in the consumer groups it joins: Kafka's {@code group.instance.id} (static membership,
 * KIP-345). A member that dies stays in its group until its session times out; a process joining with the
 * same id takes its place at once, partitions included, and one that stops cleanly leaves explicitly. So the
 * id must stay the same when the same instance restarts, and differ between instances running at the same
 * time: Kafka fences the older of two processes that share one.
 *
 * @param value letters, digits, {@code .}, {@code _} and {@code -}, as Kafka allows
 */
public record InstanceId(String value) {

    /** Kafka allows 249 characters; Kafka Streams appends {@code -<thread number>} for each stream thread. */
    public static final int MAX_LENGTH = 200;

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern ILLEGAL_CHARACTER = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int HASH_DIGITS = 8;

    public InstanceId {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH || !LEGAL.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "instance id '" + value + "' must be 1 to " + MAX_LENGTH + " letters, digits, '.', '_' or '-'");
        }
    }

    /**
     * {@code <host name>-<hash>}, the hash being the first 8 hex digits of the SHA-256 of the absolute state
     * directory: the same for the same directory on the same host, different for two directories.
     */
    public static InstanceId derive(String hostName, Path stateDir) {
        String hash = HexFormat.of()
                .formatHex(Sha256.of(stateDir.toAbsolutePath().normalize().toString()))
                .substring(0, HASH_DIGITS);
        String host = legal(hostName, MAX_LENGTH - HASH_DIGITS - 1);
        return new InstanceId(host.isEmpty() ? hash : host + "-" + hash);
    }

    /** The host name alone, for a process without a state directory. */
    public static InstanceId derive(String hostName) {
        String host = legal(hostName, MAX_LENGTH);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host name is empty; set --instance-id");
        }
        return new InstanceId(host);
    }

    /**
     * This machine's host name: on Kubernetes the pod's name, in Docker the container's.
     *
     * @throws IllegalStateException when it cannot be told
     */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // The name is known but does not resolve; containers name themselves in HOSTNAME.
            String fromEnvironment = System.getenv("HOSTNAME");
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment.strip();
            }
            throw new IllegalStateException("cannot tell this machine's host name; set --instance-id", e);
        }
    }

    /**
     * If {@code failure} is Kafka fencing this process because another process runs with the same id: out of
     * {@code group}, or out of the transactions of a producer named after the id (the sink's), the one-line reason
     * saying what to fix.
     */
    public Optional<String> fencedOut(String group, Throwable failure) {
        if (Causes.find(failure, FencedInstanceIdException.class).isEmpty()
                && Causes.find(failure, ProducerFencedException.class).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("another process joined consumer group " + group + " as instance " + value
                + ": give every Daybook running at the same time its own --instance-id");
    }

    @Override
    public String toString() {
        return value;
    }

    private static String legal(String name, int maxLength) {
        String legal = ILLEGAL_CHARACTER.matcher(name.strip()).replaceAll("_");
        return legal.length() <= maxLength ? legal : legal.substring(0, maxLength);
    }
}
