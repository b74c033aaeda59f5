package io.github.mask4j.examples.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.image.ResizeMode;
import io.github.mask4j.regression.Regressor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j export}: a saved classifier or regressor and its backbone as one self-contained ONNX file.
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a saved classifier (or regressor) with its backbone as one ONNX file that runs in any "
                + "ONNX Runtime (Java, Python, C#, JavaScript, mobile).",
            "Input 'image': uint8 [N, H, W, 3] RGB, already resized to the model's input; outputs 'probabilities' "
                + "(or 'prediction') and 'features'. See docs/export.md."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--classifier", paramLabel = "DIR", description = "A classifier saved by train.")
        Path classifier;

        @Option(names = "--regressor", paramLabel = "DIR", description = "A regressor saved by Regressor.save.")
        Path regressor;
    }

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "The file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        try (FeatureExtractor fe = model.open()) {
            ExportedModel exported = source.classifier != null
                    ? Classifier.load(source.classifier, fe).exportOnnx(out)
                    : Regressor.load(source.regressor, fe).exportOnnx(out);
            Preprocessing p = exported.preprocessing();
            stdout.printf("wrote %s (%,d bytes): %s %s over %s%n", out, Files.size(out), exported.head(),
                    exported.task(), exported.baseModelId());
            stdout.printf("input  '%s' uint8 [N, %d, %d, 3] RGB: the caller %s to %dx%d%n", ExportedModel.INPUT,
                    p.height(), p.width(), p.resizeMode() == ResizeMode.SQUASH ? "resizes the whole image"
                            : "takes the largest centred square and resizes it", p.width(), p.height());
            stdout.printf("output '%s', '%s'%n", exported.output(), ExportedModel.FEATURES);
            if (!exported.labels().isEmpty()) {
                stdout.println("labels " + new ObjectMapper().writeValueAsString(exported.labels()));
            }
            stdout.flush();
        }
        return 0;
    }
}
