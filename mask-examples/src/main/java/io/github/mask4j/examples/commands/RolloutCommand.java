package io.github.mask4j.examples.commands;

import io.github.mask4j.kafka.worker.ModelRollout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j rollout}: announces a saved classifier on the models topic; every running worker switches to it
 * between two batches, without a restart.
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Announce a new classifier version to every Kafka worker (the compacted models topic).")
public final class RolloutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--classifier", required = true, paramLabel = "DIR",
            description = "Saved classifier directory, at a path every worker can read (a shared volume).")
    Path classifierDir;

    @Option(names = "--model-version", required = true, paramLabel = "NAME",
            description = "Version name the workers' results will carry.")
    String version;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(classifierDir.resolve("model.json"))) {
            throw new ParameterException(spec.commandLine(), "--classifier " + classifierDir
                    + " holds no saved classifier (model.json); save one with `mask4j train --out DIR`");
        }
        ModelRollout.announce(kafka.settings(), kafka.topics(), version, classifierDir);
        spec.commandLine().getOut().printf("announced model %s (%s) on %s%n", version,
                classifierDir.toAbsolutePath(), kafka.topics().models());
        return 0;
    }
}
