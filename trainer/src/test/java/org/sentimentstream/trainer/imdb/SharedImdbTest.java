package org.sentimentstream.trainer.imdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real dataset from {@code ../shared/imdb}: the archive CI and the demo read. */
class SharedImdbTest {

    /** The shared archive; CI lays {@code shared/} beside the clone. */
    public static Path sharedArchive() {
        Path path = Path.of(System.getProperty("imdb.shared", "../../shared/imdb/aclImdb-labeled.tar.gz"));
        assertTrue(Files.isRegularFile(path), "the shared IMDB archive is missing: " + path);
        return path;
    }

    @Test
    void readsAllFiftyThousandLabeledReviews() throws IOException {
        Path archive = sharedArchive();
        ImdbDataset data = ImdbArchive.read(archive);

        assertEquals(25_000, data.train().size());
        assertEquals(25_000, data.test().size());
        assertEquals(12_500, data.train().stream().filter(ImdbReview::positive).count());
        assertEquals(12_500, data.test().stream().filter(ImdbReview::positive).count());
        assertTrue(data.train().stream().allMatch(r -> r.positive() ? r.rating() >= 7 : r.rating() <= 4));
        ImdbReview review = data.train().stream().filter(r -> r.id().equals("train/neg/609_1")).findFirst()
                .orElseThrow();
        assertTrue(review.text().startsWith("This was an absolutely terrible movie."));
        String expected = Files.readString(archive.resolveSibling("SHA256SUMS")).split("\\s+")[0];
        assertEquals(expected, data.sha256());
    }
}
