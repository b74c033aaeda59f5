package io.github.mask4j.examples.commands;

import io.github.mask4j.FeatureExtractor;
import io.github.mask4j.examples.web.TwilioTokens;
import io.github.mask4j.examples.web.WebDemo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j serve}: the web demo (camera, add examples, train, save, predict, join a Twilio room).
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web demo: add camera frames as examples, train, save and predict in the JVM.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--classifier", paramLabel = "DIR", description = "Start with this saved classifier (predict works at once).")
    Path classifierDir;

    @Option(names = "--save-to", defaultValue = "mask4j-classifier", paramLabel = "DIR",
            description = "Where the page's save button saves the classifier (default: ${DEFAULT-VALUE}).")
    Path saveTo;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FeatureExtractor fe = model.open();
        try (WebDemo demo = WebDemo.start(fe, host, port, classifierDir, saveTo, TwilioTokens.fromEnvironment())) {
            out.printf("mask4j web demo on %s (model %s); Ctrl-C to stop%n", demo.url(), fe.info().id());
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        } finally {
            fe.close();
        }
        return 0;
    }
}
