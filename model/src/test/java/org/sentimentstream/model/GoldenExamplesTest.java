package org.sentimentstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class GoldenExamplesTest {
    @TempDir
    Path dir;

    private final GoldenExamples golden = new GoldenExamples(List.of(
            new GoldenExamples.Example("", 0.25f),
            new GoldenExamples.Example("line\nbreak \"quoted\" ünïcode 😀", -1.5f)));

    @Test
    void roundTripsThroughJsonLines() throws IOException {
        golden.write(dir);
        List<String> lines = Files.readAllLines(dir.resolve(GoldenExamples.FILE));
        assertEquals(2, lines.size());
        assertEquals("{\"text\":\"\",\"logit\":0.25}", lines.get(0)); // same fields, same order, every run
        assertEquals(golden, GoldenExamples.read(dir));
    }

    @Test
    void acceptsLogitsWithinTolerance() {
        golden.check(new float[] {0.25f + 9e-5f, -1.5f - 9e-5f});
    }

    @Test
    void rejectsTheWorstOffenderByName() {
        ModelException e = assertThrows(ModelException.class, () -> golden.check(new float[] {0.25f, -1.2f}));
        assertTrue(e.getMessage().contains("line\nbreak") && e.getMessage().contains("-1.5"), e.getMessage());
        assertThrows(ModelException.class, () -> golden.check(new float[] {Float.NaN, -1.5f}));
        assertThrows(ModelException.class, () -> golden.check(new float[] {0.25f}));
    }

    @Test
    void missingOrEmptyFileIsAModelProblem() throws IOException {
        assertThrows(ModelException.class, () -> GoldenExamples.read(dir));
        Files.writeString(dir.resolve(GoldenExamples.FILE), "\n");
        assertThrows(ModelException.class, () -> GoldenExamples.read(dir));
    }
}
