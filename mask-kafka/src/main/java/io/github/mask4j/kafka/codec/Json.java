package io.github.mask4j.kafka.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON of the results, events and model announcements (Jackson). Stateless and thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false); // newer writers may add fields

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a value written by {@link #write}.
     *
     * @throws FrameRecordException naming {@code what} when the bytes are not such JSON
     */
    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new FrameRecordException(what + ": not a " + type.getSimpleName() + " JSON record: "
                    + e.getMessage(), e);
        }
    }
}
