package org.sentimentstream.trainer.imdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The real dataset, wherever the tests find it ({@link RealImdb}): all of it, and the bytes its checksum names. */
class RealImdbTest {
    private static ImdbDataset data;

    @BeforeAll
    static void read() {
        data = RealImdb.dataset();
    }

    @Test
    void readsAllFiftyThousandLabeledReviews() {
        assertEquals(25_000, data.train().size());
        assertEquals(25_000, data.test().size());
        assertEquals(12_500, data.train().stream().filter(ImdbReview::positive).count());
        assertEquals(12_500, data.test().stream().filter(ImdbReview::positive).count());
        assertTrue(data.train().stream().allMatch(r -> r.positive() ? r.rating() >= 7 : r.rating() <= 4));
        ImdbReview review = data.train().stream().filter(r -> r.id().equals("train/neg/609_1")).findFirst()
                .orElseThrow();
        assertTrue(review.text().startsWith("This was an absolutely terrible movie."));
    }

    @Test
    void everyReviewKnowsItsMovieAndTheSplitsShareAlmostNone() {
        assertTrue(data.train().stream().allMatch(r -> r.movie().matches("tt\\d+")));
        assertTrue(data.test().stream().allMatch(r -> r.movie().matches("tt\\d+")));
        assertEquals("tt0453418", data.train().stream().filter(r -> r.id().startsWith("train/pos/0_")).findFirst()
                .orElseThrow().movie());
        Set<String> trainMovies = data.train().stream().map(ImdbReview::movie).collect(Collectors.toSet());
        Set<String> testMovies = data.test().stream().map(ImdbReview::movie).collect(Collectors.toSet());
        assertEquals(3_456, trainMovies.size());
        testMovies.retainAll(trainMovies);
        assertEquals(1, testMovies.size(), "movies in both splits: " + testMovies);
    }

    @Test
    void anArchiveHasTheChecksumPublishedForIt() throws IOException {
        Path source = RealImdb.path();
        assumeTrue(Files.isRegularFile(source), "an extracted folder has no checksum: " + source);
        assertEquals(publishedSha256(source), data.sha256());
    }

    /** The {@code SHA256SUMS} entry beside the archive, else the official archive's (what a download checks). */
    private static String publishedSha256(Path archive) throws IOException {
        Path sums = archive.resolveSibling("SHA256SUMS");
        Optional<String> listed = Files.isRegularFile(sums) ? Files.readAllLines(sums).stream()
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length == 2 && fields[1].equals(archive.getFileName().toString()))
                .map(fields -> fields[0]).findFirst() : Optional.empty();
        return listed.orElse(ImdbDownload.OFFICIAL.sha256());
    }
}
