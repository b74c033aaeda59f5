package io.github.mask4j.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --kafka}: optional as a whole, the worker's Kafka options with it, and a clear error without it. */
class ServeKafkaOptionsTest {
    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void withoutKafkaTheDemoClassifiesInProcess() {
        assertThat(parse("--port", "0").kafka).isNull();
    }

    @Test
    void kafkaTakesTheWorkersClientOptions() {
        ServeCommand serve = parse("--kafka", "127.0.0.1:9092", "-X", "client.id=demo", "--topics", "lab");
        assertThat(serve.kafka.settings().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(serve.kafka.settings().clientConfig(java.util.Map.of(), java.util.Map.of()))
                .containsEntry("client.id", "demo");
        assertThat(serve.kafka.topics().frames()).isEqualTo("lab.frames");
        assertThat(parse("--kafka", "h:1").kafka.topics().frames()).isEqualTo("mask4j.frames");
    }

    @Test
    void clientOptionsWithoutBootstrapNameTheMissingOption() {
        assertThatThrownBy(() -> parse("-X", "client.id=demo")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--bootstrap");
    }
}
