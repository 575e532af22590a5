package org.sentimentstream.job.restarts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Loop detection on failure times from a clock the test moves by hand. */
class RestartLoopTest {
    private static final String POISON = "FlinkRuntimeException; caused by RecordTooLargeException: too large";
    private static final String OUTAGE = "FlinkRuntimeException; caused by TimeoutException: broker gone";

    /** The JobManager's clock as the exception history stamps failures, moved by hand. */
    private Instant now = Instant.parse("2026-12-07T13:00:00Z");
    private final RestartLoop loop = new RestartLoop(3, Duration.ofMinutes(10));

    private Optional<RestartLoop.Loop> failAfter(Duration wait, String cause) {
        now = now.plus(wait);
        return loop.record(cause, now);
    }

    @Test
    void theThirdIdenticalCauseInARowIsALoopSinceTheFirst() {
        Instant first = now.plusSeconds(1);
        assertEquals(Optional.empty(), failAfter(Duration.ofSeconds(1), POISON));
        assertEquals(Optional.empty(), failAfter(Duration.ofSeconds(2), POISON));
        assertEquals(Optional.of(new RestartLoop.Loop(POISON, 3, first)), failAfter(Duration.ofSeconds(4), POISON));
    }

    @Test
    void aLongLoopIsCalledOutAgainEachTimeItDoubles() {
        List<Integer> calledOutAt = new ArrayList<>();
        for (int failure = 1; failure <= 30; failure++) {
            failAfter(Duration.ofSeconds(10), POISON).ifPresent(l -> calledOutAt.add(l.times()));
        }
        assertEquals(List.of(3, 6, 12, 24), calledOutAt);
    }

    @Test
    void anotherCauseInBetweenStartsANewRun() {
        failAfter(Duration.ofSeconds(1), POISON);
        failAfter(Duration.ofSeconds(1), POISON);
        assertEquals(Optional.empty(), failAfter(Duration.ofSeconds(1), OUTAGE));
        Instant restart = now.plusSeconds(1);
        assertEquals(Optional.empty(), failAfter(Duration.ofSeconds(1), POISON));
        assertEquals(Optional.empty(), failAfter(Duration.ofSeconds(1), POISON));
        assertEquals(Optional.of(new RestartLoop.Loop(POISON, 3, restart)), failAfter(Duration.ofSeconds(1), POISON));
    }

    @Test
    void theSameCauseAfterALongHealthyRunIsNoLoop() {
        failAfter(Duration.ofSeconds(1), POISON);
        failAfter(Duration.ofMinutes(10), POISON); // exactly the gap: still the same run
        assertEquals(Optional.empty(), failAfter(Duration.ofMinutes(10).plusMillis(1), POISON));
        assertEquals(Optional.empty(), failAfter(Duration.ofSeconds(1), POISON));
        assertEquals(3, failAfter(Duration.ofSeconds(1), POISON).orElseThrow().times());
    }

    @Test
    void oneFailureIsNeverALoop() {
        assertThrows(IllegalArgumentException.class, () -> new RestartLoop(1, Duration.ofMinutes(1)));
    }
}
