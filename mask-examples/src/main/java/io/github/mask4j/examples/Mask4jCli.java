package io.github.mask4j.examples;

import io.github.mask4j.Mask4j;
import io.github.mask4j.Mask4jException;
import io.github.mask4j.examples.commands.ClassifyCommand;
import io.github.mask4j.examples.commands.DemoCommand;
import io.github.mask4j.examples.commands.EvalCommand;
import io.github.mask4j.examples.commands.ExportCommand;
import io.github.mask4j.examples.commands.ModelLocation;
import io.github.mask4j.examples.commands.RolloutCommand;
import io.github.mask4j.examples.commands.ServeCommand;
import io.github.mask4j.examples.commands.TrainCommand;
import io.github.mask4j.examples.commands.VideoCommand;
import io.github.mask4j.examples.commands.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mask4j} command line: train, evaluate and run face-mask classifiers, and serve the web demo.
 *
 * <p>Not thread-safe; one instance per run.
 */
@Command(name = "mask4j", mixinStandardHelpOptions = true, versionProvider = Mask4jCli.Version.class,
        description = "Transfer learning over MobileNet for the JVM: train, evaluate and run face-mask classifiers.",
        subcommands = {TrainCommand.class, EvalCommand.class, ClassifyCommand.class, ExportCommand.class,
            VideoCommand.class, DemoCommand.class, ServeCommand.class, WorkerCommand.class, RolloutCommand.class,
            CommandLine.HelpCommand.class})
public final class Mask4jCli {
    /** Exit code: every input was used. */
    public static final int EXIT_OK = 0;
    /** Exit code: an unexpected internal error (a bug; picocli prints the stack trace). */
    public static final int EXIT_INTERNAL = 1;
    /**
     * Exit code: a usage error, or an input that stops the command before any work (unknown option, missing data
     * folder or classifier, unknown model); one {@code error: ...} line on stderr.
     */
    public static final int EXIT_USAGE = 2;
    /**
     * Exit code: the command ran but some inputs could not be read (error lines from {@code classify}, skipped
     * images in {@code train} and {@code eval}, undecodable video frames), or {@code --strict} stopped at one.
     */
    public static final int EXIT_SOME_FAILED = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        ModelLocation.applyDefault();
        return commandLine().execute(args);
    }

    /** The configured picocli command line: typed errors are reported in one line, not as stack traces. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Mask4jCli());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof Mask4jException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            throw ex;
        });
        return cl;
    }

    /** The library version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mask4j " + Mask4j.version()};
        }
    }
}
