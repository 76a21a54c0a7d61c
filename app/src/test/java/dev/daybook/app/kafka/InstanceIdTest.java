package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The name a process joins consumer groups with. Assumes DAYBOOK_INSTANCE_ID is not set. */
class InstanceIdTest {

    @Command(name = "daybook")
    static final class Options {
        @Mixin
        InstanceOptions instance;
    }

    private static InstanceOptions parse(String... args) {
        Options options = new Options();
        new CommandLine(options).parseArgs(args);
        return options.instance;
    }

    @Test
    void theDerivedIdIsTheHostNameAndAHashOfTheAbsoluteStateDirectory() {
        // printf /var/lib/daybook | sha256sum: 966a8d2e...
        assertThat(InstanceId.derive("daybook-0", Path.of("/var/lib/daybook")))
                .isEqualTo(new InstanceId("daybook-0-966a8d2e"));
        assertThat(InstanceId.derive("daybook-0", Path.of("/var/lib/./other/../daybook")))
                .isEqualTo(new InstanceId("daybook-0-966a8d2e"));
    }

    @Test
    void theSameInstanceRestartedGetsTheSameIdAndARelativeStateDirectoryCountsAsItsAbsolutePath() {
        Path relative = Path.of(".daybook");

        assertThat(InstanceId.derive("host", relative))
                .isEqualTo(InstanceId.derive("host", relative))
                .isEqualTo(InstanceId.derive("host", relative.toAbsolutePath()));
    }

    @Test
    void instancesWithOtherStateDirectoriesOrOnOtherHostsGetOtherIds() {
        assertThat(InstanceId.derive("host", Path.of("/var/lib/daybook-2"))).isEqualTo(new InstanceId("host-93df6f6b"));
        assertThat(InstanceId.derive("host", Path.of("/var/lib/daybook")))
                .isNotEqualTo(InstanceId.derive("host", Path.of("/var/lib/daybook-2")));
        assertThat(InstanceId.derive("host-a", Path.of("/data")))
                .isNotEqualTo(InstanceId.derive("host-b", Path.of("/data")));
    }

    @Test
    void aHostNameIsMadeIntoALegalIdOfAtMostTheMaximumLength() {
        assertThat(InstanceId.derive("Büro PC", Path.of("/var/lib/daybook")))
                .isEqualTo(new InstanceId("B_ro_PC-966a8d2e"));
        assertThat(InstanceId.derive("h".repeat(300), Path.of("/var/lib/daybook"))
                        .value())
                .hasSize(InstanceId.MAX_LENGTH)
                .endsWith("h-966a8d2e");
        assertThat(InstanceId.derive("", Path.of("/var/lib/daybook"))).isEqualTo(new InstanceId("966a8d2e"));
        assertThat(InstanceId.derive(" pod-0 ")).isEqualTo(new InstanceId("pod-0"));
    }

    @Test
    void anIdKafkaWouldRefuseIsRefusedWithTheRule() {
        assertThatThrownBy(() -> new InstanceId("pod 0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance id 'pod 0' must be 1 to 200 letters, digits, '.', '_' or '-'");
        assertThatThrownBy(() -> new InstanceId("")).hasMessageContaining("must be 1 to 200");
        assertThatThrownBy(() -> new InstanceId("x".repeat(201))).hasMessageContaining("must be 1 to 200");
    }

    @Test
    void theOptionOverridesTheDerivedId() {
        Path stateDir = Path.of("/var/lib/daybook");

        assertThat(parse("--instance-id", "daybook-eu-1").instanceId(stateDir))
                .isEqualTo(new InstanceId("daybook-eu-1"));
        assertThat(parse("--instance-id", "daybook-eu-1").instanceId()).isEqualTo(new InstanceId("daybook-eu-1"));
        assertThat(parse().instanceId(stateDir)).isEqualTo(InstanceId.derive(InstanceId.hostName(), stateDir));
        assertThat(parse().instanceId()).isEqualTo(InstanceId.derive(InstanceId.hostName()));
    }

    @Test
    void aMalformedOptionIsAUsageError() {
        Options options = new Options();
        CommandLine commandLine = new CommandLine(options);

        assertThatThrownBy(() -> commandLine.parseArgs("--instance-id", "pod/0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("instance id 'pod/0' must be 1 to 200 letters, digits, '.', '_' or '-'");
    }

    @Test
    void beingFencedOutOfAGroupOrOfTheTransactionsOfAProducerNamedAfterTheIdIsExplainedOnOneLine() {
        InstanceId id = new InstanceId("pod-0");
        for (Exception fencing :
                List.of(new FencedInstanceIdException("fenced"), new ProducerFencedException("newer producer"))) {
            KafkaException failure = new KafkaException("poll or commit failed", fencing);

            assertThat(id.fencedOut("daybook", failure))
                    .as(fencing.getClass().getSimpleName())
                    .contains("another process joined consumer group daybook as instance"
                            + " pod-0: give every Daybook running at the same time its own --instance-id");
        }
        assertThat(id.fencedOut("daybook", new KafkaException("something else")))
                .isEmpty();
    }
}
