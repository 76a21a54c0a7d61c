package dev.daybook.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code --profile}: a Java Flight Recorder recording (the JDK's {@code profile} settings) of the measured run, and
 * its CPU samples as folded stacks, the input of flame graph tools: one line per distinct stack, thread name first,
 * root to leaf, separated by semicolons, then the number of samples (docs/benchmarks.md says how to draw it).
 */
final class Profile implements AutoCloseable {

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

    private final Path recordingFile;
    private final Path foldedFile;
    private final Recording recording;

    private Profile(Path recordingFile, Recording recording) {
        this.recordingFile = recordingFile;
        this.foldedFile = foldedPath(recordingFile);
        this.recording = recording;
    }

    /** Starts recording; {@link #close()} writes {@code file} and, next to it, the folded stacks. */
    static Profile start(Path file) throws IOException {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setToDisk(true);
            recording.start();
            return new Profile(file, recording);
        } catch (ParseException e) {
            throw new IllegalStateException("the JDK's own JFR profile settings do not parse", e);
        }
    }

    /** Where the folded stacks of {@code recordingFile} go: the same name with {@code .folded} for its extension. */
    static Path foldedPath(Path recordingFile) {
        String name = recordingFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return recordingFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".folded");
    }

    Path recordingFile() {
        return recordingFile;
    }

    Path foldedFile() {
        return foldedFile;
    }

    @Override
    public void close() throws IOException {
        recording.stop();
        recording.dump(recordingFile);
        recording.close();
        writeFolded(recordingFile, foldedFile);
    }

    /** Reads the recording event by event: a whole run's recording read at once would take gigabytes of heap. */
    static void writeFolded(Path recordingFile, Path folded) throws IOException {
        Map<String, Long> stacks = new TreeMap<>();
        try (RecordingFile recording = new RecordingFile(recordingFile)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (event.getEventType().getName().equals(EXECUTION_SAMPLE) && event.getStackTrace() != null) {
                    stacks.merge(fold(event.getThread("sampledThread"), event.getStackTrace()), 1L, Long::sum);
                }
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(folded))) {
            stacks.forEach((stack, samples) -> out.println(stack + " " + samples));
        }
    }

    private static String fold(RecordedThread thread, RecordedStackTrace stack) {
        StringBuilder line = new StringBuilder(thread == null ? "?" : frameSafe(thread.getJavaName()));
        List<RecordedFrame> frames = stack.getFrames();
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedFrame frame = frames.get(i);
            line.append(';')
                    .append(frameSafe(frame.getMethod().getType().getName()))
                    .append('.')
                    .append(frameSafe(frame.getMethod().getName()));
        }
        return line.toString();
    }

    /** Semicolons separate frames and the last space the count, so neither may appear in a name. */
    private static String frameSafe(String name) {
        return name == null || name.isEmpty() ? "?" : name.replace(';', ':').replace(' ', '_');
    }
}
