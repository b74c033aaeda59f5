package io.github.mask4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka commands' argument checks, which fail before any connection (the commands themselves run against a
 * real broker in mask-kafka's tests and mask-bench/kafka-scale.sh).
 */
class KafkaCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void workerRejectsAClientSettingThatIsNotKeyValue() {
        CliTest.Run r = CliTest.run("worker", "--bootstrap", "127.0.0.1:1", "--classifier", tmp.toString(),
                "-X", "security.protocol");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'security.protocol' is not KEY=VALUE");
    }

    @Test
    void workerAndRolloutNeedASavedClassifier() {
        CliTest.Run w = CliTest.run("worker", "--bootstrap", "127.0.0.1:1", "--classifier",
                tmp.resolve("missing").toString());
        assertThat(w.exit()).isEqualTo(2);
        assertThat(w.err()).contains("is not a directory");
        CliTest.Run r = CliTest.run("rollout", "--bootstrap", "127.0.0.1:1", "--classifier", tmp.toString(),
                "--model-version", "v2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("holds no saved classifier");
    }
}
