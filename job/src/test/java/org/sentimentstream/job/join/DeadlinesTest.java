package org.sentimentstream.job.join;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class DeadlinesTest {
    private final Deadlines deadlines = new Deadlines();
    private final List<Long> fired = new ArrayList<>();

    private void fire(long watermark) throws Exception {
        deadlines.fire(watermark, (deadline, high, low, keyGroup) -> {
            assertEquals(deadline, high + low + keyGroup, "the record's fields travel together");
            fired.add(deadline);
        });
    }

    private void add(long deadline) {
        deadlines.add(deadline, deadline - 7, 3, 4);
    }

    @Test
    void firesEverythingAtOrBeforeTheWatermarkBucketByBucketKeepingTheRest() throws Exception {
        for (long deadline : new long[] {300, 127, -5, 128, 255, 256, 1_000_000, 129, 126, Long.MIN_VALUE + 9}) {
            add(deadline);
        }
        fire(Long.MIN_VALUE);
        assertEquals(List.of(), fired);
        fire(127); // the bucket of 0-127 completely, the one below it, nothing of 128-255
        assertEquals(List.of(Long.MIN_VALUE + 9, -5L, 127L, 126L), fired);
        fire(128); // part of a bucket: in the order added
        assertEquals(List.of(Long.MIN_VALUE + 9, -5L, 127L, 126L, 128L), fired);
        assertEquals(5, deadlines.size());
        fire(256);
        assertEquals(List.of(Long.MIN_VALUE + 9, -5L, 127L, 126L, 128L, 255L, 129L, 256L), fired);
        add(200); // behind the watermark: fires with the next one
        fire(256);
        assertEquals(200L, fired.get(8));
        fire(Long.MAX_VALUE);
        assertEquals(List.of(300L, 1_000_000L), fired.subList(9, 11));
        assertEquals(0, deadlines.size());
    }

    @Test
    void aBucketGrowsPastItsFirstArray() throws Exception {
        for (int i = 0; i < 1000; i++) {
            add(5_000 + i % Deadlines.BUCKET_MS);
        }
        fire(5_000 + 63);
        assertEquals(8 * 64, fired.size()); // offsets 0-63 of each 128
        fire(5_000 + 127);
        assertEquals(1000, fired.size());
        assertEquals(0, deadlines.size());
    }
}
