package org.sentimentstream.job.testutils;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated records over the input schemas at their extremes, for the test that no record can stop the job: every
 * field's extreme values one at a time on an otherwise valid record, seeded random combinations of them, keys from
 * none to 600 KB, and byte-level mutations of valid records (flipped bytes, cuts, trailing garbage, length prefixes
 * claiming 2 GB). Each record stays under the embedded broker's message size, so all of them reach the job.
 */
public final class HostileRecords {
    /** A record to produce: key and value, either may be null. */
    public record Raw(byte[] key, byte[] value) {}

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final AvroSerde<Review> REVIEWS = AvroSerde.of(Review.class);
    private static final byte[] REVIEW_HEADER = Arrays.copyOf(REVIEWS.serialize(Review.newBuilder().setReviewId("x")
            .setText("x").setEventTime(Instant.EPOCH).build()), 10);
    private static final byte[] LABEL_HEADER = Arrays.copyOf(AvroSerde.of(ReviewLabel.class).serialize(ReviewLabel
            .newBuilder().setReviewId("x").setLabel(org.sentimentstream.schemas.Sentiment.POSITIVE)
            .setLabelTime(Instant.EPOCH).build()), 10);

    private final long now;
    private final Random random;

    public HostileRecords(long now, long seed) {
        this.now = now;
        this.random = new Random(seed);
    }

    List<String> ids() {
        return List.of("", " ", "a", "\u0000", "x".repeat(1024), "x".repeat(1025), "é".repeat(513), "😀".repeat(256),
                "😀".repeat(257), "i".repeat(600_000));
    }

    List<String> texts() {
        return List.of("", " \t\n", "😀", "\u00A0\u200B", "\u0000", "<br />", "A fine film.", "\uD800",
                "w ".repeat(450_000));
    }

    /** Event and label times: Long's extremes, around the epoch, now, past the allowed future skew. */
    List<Long> times() {
        return List.of(Long.MIN_VALUE, -1L, 0L, 1L, now, now + 11 * 60_000L, Long.MAX_VALUE);
    }

    /**
     * Times for records whose ids labels share: the extremes without the accepted ones near the epoch, whose windows
     * may already be final when their outcome arrives, depending on the arrival order (it is then counted in the
     * metric {@code accuracy.outcomes_after_final}, not in a report, which would make the test's accounting racy).
     */
    List<Long> timesAwayFromTheEpoch() {
        return times().stream().filter(t -> t < 0 || t > 1).toList();
    }

    List<String> sources() {
        return Arrays.asList(null, "", "s".repeat(100_000));
    }

    List<Map<String, String>> metadata() {
        Map<String, String> huge = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            huge.put("k" + i, "v");
        }
        return List.of(Map.of(), Map.of("", ""), huge);
    }

    List<byte[]> keys() {
        return Arrays.asList(null, new byte[0], KEY, "K".repeat(600_000).getBytes(StandardCharsets.UTF_8));
    }

    /** Reviews: each extreme once, random combinations of the small ones, mutations of valid ones. */
    public List<Raw> reviews() {
        List<Raw> out = new ArrayList<>();
        for (String id : ids()) {
            out.add(new Raw(KEY, review(id, "A fine film.", now, null, Map.of())));
        }
        for (String text : texts()) {
            out.add(new Raw(KEY, review("t", text, now, null, Map.of())));
        }
        for (long time : times()) {
            out.add(new Raw(KEY, review("t", "A fine film.", time, null, Map.of())));
        }
        for (String source : sources()) {
            out.add(new Raw(KEY, review("s", "A fine film.", now, source, Map.of())));
        }
        for (Map<String, String> m : metadata()) {
            out.add(new Raw(KEY, review("m", "A fine film.", now, null, m)));
        }
        for (byte[] key : keys()) {
            out.add(new Raw(key, review("key", "A fine film.", now, null, Map.of())));
            out.add(new Raw(key, "not avro".getBytes(StandardCharsets.UTF_8)));
        }
        out.add(new Raw(KEY, null));
        for (int i = 0; i < 80; i++) {
            out.add(new Raw(pick(keys().subList(0, 3)), review(pick(ids().subList(0, 9)), pick(texts().subList(0, 8)),
                    pick(timesAwayFromTheEpoch()), pick(sources().subList(0, 2)), pick(metadata().subList(0, 2)))));
        }
        byte[] valid = review("mutated", "A fine film, and a long review of it.", now, "src", Map.of("a", "b"));
        for (int i = 0; i < 120; i++) {
            out.add(new Raw(KEY, mutate(valid, 0)));
        }
        return out;
    }

    /**
     * Labels: each extreme once, every enum ordinal and some that are not, random combinations, mutations. Every
     * label has an id of its own: a second label for an id is counted as a duplicate, not in the reports.
     */
    public List<Raw> labels() {
        List<Raw> out = new ArrayList<>();
        for (String id : ids()) {
            out.add(new Raw(KEY, label(id, 1, null, now)));
        }
        int[] ordinals = {0, 1, 2, -1, Integer.MAX_VALUE};
        for (int i = 0; i < ordinals.length; i++) {
            out.add(new Raw(KEY, label("ordinal-" + i, ordinals[i], null, now)));
        }
        List<Integer> ratings = Arrays.asList(null, Integer.MIN_VALUE, 0, Integer.MAX_VALUE);
        for (int i = 0; i < ratings.size(); i++) {
            out.add(new Raw(KEY, label("rating-" + i, 0, ratings.get(i), now)));
        }
        for (int i = 0; i < timesAwayFromTheEpoch().size(); i++) {
            out.add(new Raw(KEY, label("time-" + i, 0, null, timesAwayFromTheEpoch().get(i))));
        }
        for (int i = 0; i < keys().size(); i++) {
            out.add(new Raw(keys().get(i), label("key-" + i, 1, 7, now)));
        }
        for (int i = 0; i < 40; i++) {
            out.add(new Raw(KEY, label("combined-" + i, random.nextInt(4) - 1, null, pick(timesAwayFromTheEpoch()))));
        }
        int timeBytes = label("t", 1, 9, now).length - label("t", 1, 9, 0).length + 1;
        for (int i = 0; i < 40; i++) {
            out.add(new Raw(KEY, mutate(label("mutated-" + i, 1, 9, now), timeBytes)));
        }
        return out;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private byte[] review(String id, String text, long time, String source, Map<String, String> metadata) {
        return encode(REVIEW_HEADER, e -> {
            e.writeString(id);
            e.writeString(text);
            e.writeLong(time);
            writeOptional(e, source == null ? null : () -> e.writeString(source));
            e.writeMapStart();
            e.setItemCount(metadata.size());
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                e.startItem();
                e.writeString(entry.getKey());
                e.writeString(entry.getValue());
            }
            e.writeMapEnd();
        });
    }

    /** A label written field by field, so the enum ordinal can be one the schema does not have. */
    private byte[] label(String id, int ordinal, Integer rating, long time) {
        return encode(LABEL_HEADER, e -> {
            e.writeString(id);
            e.writeEnum(ordinal);
            writeOptional(e, rating == null ? null : () -> e.writeInt(rating));
            e.writeLong(time);
        });
    }

    /**
     * One of: a flipped bit, a cut, trailing garbage, or a length prefix claiming about 2 GB. Bits are not flipped in
     * the last {@code keepLast} bytes (a label's time: a flip there could make an accepted label near the epoch).
     */
    private byte[] mutate(byte[] valid, int keepLast) {
        int at = 10 + random.nextInt(valid.length - 10);
        switch (random.nextInt(4)) {
            case 0 -> {
                byte[] b = valid.clone();
                b[10 + random.nextInt(valid.length - 10 - keepLast)] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(valid, at);
            }
            case 2 -> {
                byte[] b = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(100));
                for (int i = valid.length; i < b.length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
                return b;
            }
            default -> {
                byte[] claim = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
                byte[] b = Arrays.copyOf(valid, valid.length + claim.length);
                System.arraycopy(valid, at, b, at + claim.length, valid.length - at);
                System.arraycopy(claim, 0, b, at, claim.length);
                return b;
            }
        }
    }

    private interface Fields {
        void write(BinaryEncoder encoder) throws IOException;
    }

    private interface Field {
        void write() throws IOException;
    }

    private static void writeOptional(BinaryEncoder e, Field value) throws IOException {
        e.writeIndex(value == null ? 0 : 1);
        if (value != null) {
            value.write();
        }
    }

    private static byte[] encode(byte[] header, Fields fields) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            fields.write(encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
