package io.github.mask4j.kafka.testing;

import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.kafka.codec.FrameCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Where Kafka's default partitioner puts a frame's key. Stateless and thread-safe. */
public final class Partitions {
    private Partitions() {}

    /** The partition of {@code origin}'s frames among {@code partitions} (Kafka's murmur2 of the key). */
    public static int of(FrameOrigin origin, int partitions) {
        byte[] key = FrameCodec.key(origin).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * {@code room/participant/cameraN} with the smallest N whose frames land on {@code partition}: a few tracks
     * spread evenly over the partitions (hashing alone may leave a partition, and so a worker, idle).
     */
    public static FrameOrigin track(String room, String participant, int partition, int partitions) {
        for (int n = 0; ; n++) {
            FrameOrigin o = new FrameOrigin(room, participant, "camera" + n);
            if (of(o, partitions) == partition) {
                return o;
            }
        }
    }
}
