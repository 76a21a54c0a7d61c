package dev.daybook.connectors.source.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GcsLocationTest {

    @Test
    void parsesBucketAndPrefix() {
        GcsLocation location = GcsLocation.parse("gs://sequence-events/raw/2024/");

        assertThat(location.bucket()).isEqualTo("sequence-events");
        assertThat(location.prefix()).isEqualTo("raw/2024/");
        assertThat(location.uri()).isEqualTo("gs://sequence-events/raw/2024/");
        assertThat(location.objectUri("raw/2024/a.csv")).isEqualTo("gs://sequence-events/raw/2024/a.csv");
        assertThat(location.relativeName("raw/2024/04/a.csv")).isEqualTo("04/a.csv");
    }

    @Test
    void aBareBucketHasAnEmptyPrefix() {
        assertThat(GcsLocation.parse("gs://sequence-events")).isEqualTo(new GcsLocation("sequence-events", ""));
        assertThat(GcsLocation.parse("gs://sequence-events/")).isEqualTo(new GcsLocation("sequence-events", ""));
    }

    @Test
    void containsOnlyNamesOfItsBucketUnderItsPrefix() {
        GcsLocation location = GcsLocation.parse("gs://sequence-events/in/");

        assertThat(location.contains("sequence-events", "in/a.csv")).isTrue();
        assertThat(location.contains("sequence-events", "inbox.csv")).isFalse();
        assertThat(location.contains("other-bucket", "in/a.csv")).isFalse();
    }

    @Test
    void objectNameComesBackOutOfAnObjectUri() {
        GcsLocation location = GcsLocation.parse("gs://sequence-events/in/");

        assertThat(location.objectName("gs://sequence-events/in/a b#1.csv")).contains("in/a b#1.csv");
        assertThat(location.objectName("gs://other-bucket/in/a.csv")).isEmpty();
    }

    @Test
    void rejectsWhatIsNotAGcsLocation() {
        assertThatThrownBy(() -> GcsLocation.parse("s3://bucket/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcsLocation.parse("gs://Upper_Case/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcsLocation.parse("gs:///x")).isInstanceOf(IllegalArgumentException.class);
    }
}
