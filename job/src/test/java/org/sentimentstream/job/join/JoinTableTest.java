package org.sentimentstream.job.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

class JoinTableTest {
    private final JoinTable table = new JoinTable();
    /** What the table should hold: fingerprint high → deadline (the low half is derived from it). */
    private final Map<Long, Long> expected = new HashMap<>();

    /** Few home slots, at the table's start and end: long probe runs that wrap around. */
    private static long low(long high) {
        return (high % 5 - 2) * 0x1_0000_0000L + (high % 5 - 2);
    }

    private void assertHoldsExpected() {
        assertEquals(expected.size(), table.size());
        for (Map.Entry<Long, Long> entry : expected.entrySet()) {
            int slot = table.find(entry.getKey(), low(entry.getKey()));
            assertTrue(slot >= 0, "lost " + entry.getKey());
            assertEquals(entry.getValue(), table.deadline(slot));
        }
    }

    @Test
    void addsFindsAndRemovesThroughCollisionsWrapAroundAndGrowth() {
        SplittableRandom random = new SplittableRandom(11);
        List<Long> held = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (held.isEmpty() || random.nextInt(10) < 6) {
                long high = random.nextLong(1, Long.MAX_VALUE);
                if (expected.containsKey(high)) {
                    continue;
                }
                table.add(high, low(high), JoinTable.PREDICTION, true, step, 1f, (byte) 0);
                expected.put(high, (long) step);
                held.add(high);
            } else {
                long high = held.remove(random.nextInt(held.size()));
                table.remove(table.find(high, low(high)));
                expected.remove(high);
                assertEquals(-1, table.find(high, low(high)));
            }
            if (step % 997 == 0) {
                assertHoldsExpected();
            }
        }
        assertHoldsExpected();
        assertEquals(-1, table.find(3, low(3)));
    }

    @Test
    void setKeepsTheFingerprintAndChangesTheRest() {
        int slot = table.add(1, 2, JoinTable.LABEL, true, 500, 0f, (byte) 0);
        table.set(slot, JoinTable.JOINED, false, 900, -1.5f, (byte) 3);
        slot = table.find(1, 2);
        assertEquals(JoinTable.JOINED, table.kind(slot));
        assertEquals(false, table.positive(slot));
        assertEquals(900, table.deadline(slot));
        assertEquals(-1.5f, table.logit(slot));
        assertEquals(3, table.model(slot));
    }

    @Test
    void writtenEntriesReadBackWithTheirModelsMapped() {
        for (long high = 1; high <= 300; high++) {
            table.add(high, low(high), (byte) (1 + high % 3), high % 2 == 0, high * 10, high / 4f, (byte) (high % 2));
        }
        ByteBuffer bytes = ByteBuffer.allocate(table.size() * JoinTable.ENTRY_BYTES);
        table.write(bytes);
        assertEquals(0, bytes.remaining());
        JoinTable read = new JoinTable();
        read.read(bytes.flip(), 300, new byte[] {5, 9}, LabelJoin.STATE_FORMAT, new long[10]);
        assertEquals(300, read.size());
        for (long high = 1; high <= 300; high++) {
            int slot = read.find(high, low(high));
            assertEquals(1 + high % 3, read.kind(slot));
            assertEquals(high % 2 == 0, read.positive(slot));
            assertEquals(high * 10, read.deadline(slot));
            assertEquals(high / 4f, read.logit(slot));
            assertEquals(high % 2 == 0 ? 5 : 9, read.model(slot));
        }
    }
}
