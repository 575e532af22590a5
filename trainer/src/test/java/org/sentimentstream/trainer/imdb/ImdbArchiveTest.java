package org.sentimentstream.trainer.imdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

class ImdbArchiveTest {
    @TempDir
    Path dir;

    private final List<ImdbReview> reviews = SyntheticImdb.bothSplits(12, 7);

    @Test
    void readsArchiveWithStableIdsRatingsAndOrder() throws IOException {
        Path archive = dir.resolve("imdb.tar.gz");
        SyntheticImdb.writeArchive(archive, reviews);

        ImdbDataset data = ImdbArchive.read(archive);

        assertEquals(24, data.train().size());
        assertEquals(24, data.test().size());
        assertEquals("train/neg/0_" + reviews.get(0).rating(), data.train().get(0).id());
        assertEquals(reviews.get(0).text(), data.train().get(0).text());
        assertEquals(12, data.train().stream().filter(ImdbReview::positive).count());
        assertTrue(data.test().stream().allMatch(r -> r.id().startsWith("test/")));
        assertTrue(data.train().stream().allMatch(r -> r.positive() == r.rating() >= 7));
        // ids sort numerically within a label: 0, 1, ..., 9, 10, 11 (not 0, 1, 10, 11, 2)
        List<String> negIds = data.train().subList(0, 12).stream().map(r -> r.id().split("[/_]")[2]).toList();
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), negIds);
        assertEquals(64, data.sha256().length());
        // each review's movie comes from line n of its folder's urls file
        assertEquals(reviews.stream().map(ImdbReview::movie).toList(),
                Stream.concat(data.train().stream(), data.test().stream()).map(ImdbReview::movie)
                        .toList());
        assertEquals("tt100002", data.train().get(12 + 11).movie()); // train/pos/11
    }

    @Test
    void readsExtractedFolderLikeTheArchive() throws IOException {
        Path archive = dir.resolve("imdb.tar.gz");
        SyntheticImdb.writeArchive(archive, reviews);
        SyntheticImdb.writeFolder(dir.resolve("extracted"), reviews);

        ImdbDataset fromArchive = ImdbArchive.read(archive);
        ImdbDataset fromFolder = ImdbArchive.read(dir.resolve("extracted"));
        ImdbDataset fromInnerFolder = ImdbArchive.read(dir.resolve("extracted/aclImdb"));

        assertEquals(fromArchive.train(), fromFolder.train());
        assertEquals(fromArchive.test(), fromInnerFolder.test());
        assertEquals("directory", fromFolder.sha256());
    }

    @Test
    void missingPathIsAClearError() {
        DataException e = assertThrows(DataException.class, () -> ImdbArchive.read(dir.resolve("nope.tar.gz")));
        assertTrue(e.getMessage().startsWith("IMDB data not found"), e.getMessage());
    }

    @Test
    void notGzipIsAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.tar.gz"), "just text");
        DataException e = assertThrows(DataException.class, () -> ImdbArchive.read(file));
        assertTrue(e.getMessage().contains("is not a gzip file"), e.getMessage());
    }

    @Test
    void gzipThatIsNotTarIsAClearError() throws IOException {
        Path file = dir.resolve("notar.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("this is not a tar archive, only gzip-compressed text".repeat(20)
                    .getBytes(StandardCharsets.UTF_8));
        }
        DataException e = assertThrows(DataException.class, () -> ImdbArchive.read(file));
        assertTrue(e.getMessage().contains("not a valid tar archive") || e.getMessage().contains("not a tar"),
                e.getMessage());
    }

    @Test
    void missingSplitFolderIsAWrongLayout() throws IOException {
        Path archive = dir.resolve("notest.tar.gz");
        SyntheticImdb.writeArchive(archive, reviews.stream()
                .filter(r -> !r.id().startsWith("test/neg")).collect(Collectors.toList()));
        DataException e = assertThrows(DataException.class, () -> ImdbArchive.read(archive));
        assertTrue(e.getMessage().contains("wrong layout") && e.getMessage().contains("aclImdb/test/neg"),
                e.getMessage());
    }

    @Test
    void truncatedArchiveIsAClearError() throws IOException {
        Path archive = dir.resolve("full.tar.gz");
        SyntheticImdb.writeArchive(archive, SyntheticImdb.bothSplits(200, 3));
        byte[] bytes = Files.readAllBytes(archive);
        Path truncated = Files.write(dir.resolve("truncated.tar.gz"),
                java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DataException e = assertThrows(DataException.class, () -> ImdbArchive.read(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
