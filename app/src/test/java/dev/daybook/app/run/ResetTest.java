package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.kafka.InstanceId;
import dev.daybook.app.kafka.TopicSetup;
import dev.daybook.app.progress.Progress;
import dev.daybook.app.testing.ConsumerGroups;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.topology.DailyVolumeConfig;
import dev.daybook.app.topology.StreamsSettings;
import dev.daybook.connectors.warehouse.PrintWarehouse;
import dev.daybook.schemas.TopicCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What {@code daybook reset} refuses to do. Resetting itself is in {@code RunCommandTest}. */
@Tag("integration")
class ResetTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path stateDir;

    @Test
    void aGroupWithTheMemberOfACrashedDaybookIsNotResetAndTheMessageNamesItsInstance() {
        TopicCatalogue topics = kafka.createTopics();
        String sinkGroup = topics.prefix() + "sink";
        ConsumerGroups.joinAndDie(
                kafka.settings().withInstanceId(new InstanceId("daybook-0-966a8d2e")),
                sinkGroup,
                topics.dailyVolume().name());
        Reset reset = new Reset(
                kafka.settings(),
                DailyVolumeConfig.defaults(topics),
                StreamsSettings.defaults()
                        .withApplicationId(topics.prefix() + "app")
                        .withStateDir(stateDir),
                new TopicSetup(topics, 2, TopicSetup.BROKER_DEFAULT_REPLICATION));

        assertThatThrownBy(
                        () -> reset.run(sinkGroup, new PrintWarehouse(new PrintStream(PrintStream.nullOutputStream()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("group " + sinkGroup
                        + " has 1 active members (daybook-0-966a8d2e): stop every Daybook that uses"
                        + " it, then reset; a Daybook that crashed stays a member until its session times out"
                        + " (session.timeout.ms, 45 s by default), or until it is started again with the same --instance-id"
                        + " and stopped");
        assertThat(ConsumerGroups.members(kafka.settings(), sinkGroup)).hasSize(1);
        assertThat(reset.progress()).as("no step done").isEqualTo(Progress.of(new Progress.Count(0, 3, "steps")));
    }
}
