package io.github.mask4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a batch call made of each of its inputs: one {@link Outcome} per input, in input order, each either a
 * {@link Success} with its value or a {@link Failure} with the typed error that input raised. One unreadable
 * image fails only itself; the rest of the batch is still computed and kept.
 *
 * <pre>{@code
 * BatchResult<Classification> results = classifier.classify(images);
 * for (BatchResult.Outcome<Classification> o : results.outcomes()) {
 *     if (o instanceof BatchResult.Success<Classification> s) {
 *         log.info("{}: {}", s.source(), s.value().label());
 *     } else if (o instanceof BatchResult.Failure<Classification> f) {
 *         log.warn("{}: {}", f.source(), f.error().getMessage());
 *     }
 * }
 * List<Classification> allOrNothing = results.valuesOrThrow();   // the single-image behaviour
 * }</pre>
 *
 * <p>Immutable and thread-safe when the values are.
 *
 * @param <T> the value made of each input
 * @param outcomes one per input, in input order ({@code outcomes.get(i).index() == i})
 */
public record BatchResult<T>(List<Outcome<T>> outcomes) {

    /** What became of one input. */
    public sealed interface Outcome<T> permits Success, Failure {
        /** Position of the input in the batch, from 0. */
        int index();

        /** The input's source: a path, a caller-given name, or a description of the frame. */
        String source();
    }

    /** An input that gave a value. */
    public record Success<T>(int index, String source, T value) implements Outcome<T> {
        public Success {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An input that could not be used, with the typed error a single-item call would have thrown. */
    public record Failure<T>(int index, String source, Mask4jException error) implements Outcome<T> {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    public BatchResult {
        outcomes = List.copyOf(outcomes);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).index() != i) {
                throw new IllegalArgumentException("outcome " + i + " has index " + outcomes.get(i).index());
            }
        }
    }

    /** Number of inputs. */
    public int size() {
        return outcomes.size();
    }

    /** The inputs that gave a value, in input order. */
    @SuppressWarnings("unchecked")
    public List<Success<T>> successes() {
        return outcomes.stream().filter(Success.class::isInstance).map(o -> (Success<T>) o).toList();
    }

    /** The inputs that failed, in input order. */
    @SuppressWarnings("unchecked")
    public List<Failure<T>> failures() {
        return outcomes.stream().filter(Failure.class::isInstance).map(o -> (Failure<T>) o).toList();
    }

    /** The values of the inputs that succeeded, in input order (shorter than the input when some failed). */
    public List<T> values() {
        return successes().stream().map(Success::value).toList();
    }

    public boolean allSucceeded() {
        return outcomes.stream().allMatch(Success.class::isInstance);
    }

    /**
     * One value per input, in input order, or the first failure's error when any input failed: the behaviour of
     * the single-item calls.
     */
    public List<T> valuesOrThrow() {
        for (Outcome<T> o : outcomes) {
            if (o instanceof Failure<T> f) {
                throw f.error();
            }
        }
        return values();
    }

    /**
     * The same outcomes with each success's value turned by {@code f} (which sees the whole success: index,
     * source and value); failures are kept as they are.
     */
    public <R> BatchResult<R> map(Function<? super Success<T>, ? extends R> f) {
        List<Outcome<R>> out = new ArrayList<>(outcomes.size());
        for (Outcome<T> o : outcomes) {
            if (o instanceof Success<T> s) {
                out.add(new Success<>(s.index(), s.source(), f.apply(s)));
            } else {
                out.add(new Failure<>(o.index(), o.source(), ((Failure<T>) o).error()));
            }
        }
        return new BatchResult<>(out);
    }

    /** Outcomes in input order, added one at a time. Not thread-safe. */
    public static final class Builder<T> {
        private final List<Outcome<T>> outcomes = new ArrayList<>();

        public Builder<T> success(String source, T value) {
            outcomes.add(new Success<>(outcomes.size(), source, value));
            return this;
        }

        public Builder<T> failure(String source, Mask4jException error) {
            outcomes.add(new Failure<>(outcomes.size(), source, error));
            return this;
        }

        public BatchResult<T> build() {
            return new BatchResult<>(outcomes);
        }
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }
}
