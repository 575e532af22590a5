package org.sentimentstream.trainer.testutils;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Small generated IMDB look-alikes: reviews whose label shows in their words (with noise), and archives or folders
 * in the official layout. Seeded, so every test sees the same data.
 */
public final class SyntheticImdb {
    private static final String[] POSITIVE = {"great", "excellent", "wonderful", "loved", "best", "superb",
        "brilliant", "enjoyable", "moving", "funny"};
    private static final String[] NEGATIVE = {"awful", "terrible", "boring", "worst", "waste", "bad", "poor",
        "dull", "predictable", "annoying"};
    private static final String[] NEUTRAL = {"movie", "film", "plot", "actor", "scene", "story", "the", "a",
        "and", "was", "it", "this", "director", "music", "ending", "cast", "of", "in", "script", "camera"};

    private SyntheticImdb() {}

    /** Reviews of one movie of a split: {@code pos/n} and {@code neg/n} for n in a run of this many. */
    private static final int PER_MOVIE = 5;

    /**
     * {@code perClass} positive and {@code perClass} negative reviews of one split, ids like the archive's, each of
     * a movie with reviews of both labels ({@link #PER_MOVIE} of each).
     */
    public static List<ImdbReview> reviews(String split, int perClass, long seed) {
        Random random = new Random(seed);
        List<ImdbReview> reviews = new ArrayList<>();
        for (int label = 0; label <= 1; label++) {
            for (int n = 0; n < perClass; n++) {
                boolean positive = label == 1;
                int rating = positive ? 7 + random.nextInt(4) : 1 + random.nextInt(4);
                String id = split + "/" + (positive ? "pos" : "neg") + "/" + n + "_" + rating;
                String movie = String.format("tt%s%05d", split.equals("test") ? "9" : "1", n / PER_MOVIE);
                reviews.add(new ImdbReview(id, positive, rating, text(random, positive), movie));
            }
        }
        return reviews;
    }

    private static String text(Random random, boolean positive) {
        StringBuilder text = new StringBuilder();
        int words = 20 + random.nextInt(40);
        for (int w = 0; w < words; w++) {
            double p = random.nextDouble();
            String word;
            if (p < 0.15) {
                word = pick(random, positive ? POSITIVE : NEGATIVE);
            } else if (p < 0.18) {
                word = pick(random, positive ? NEGATIVE : POSITIVE);
            } else {
                word = pick(random, NEUTRAL);
            }
            if (w == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            text.append(word);
            double q = random.nextDouble();
            text.append(q < 0.05 ? ".<br /><br />" : q < 0.1 ? ", " : q < 0.12 ? "! " : " ");
        }
        return text.toString().strip();
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    /** Writes reviews as a tar.gz in the official layout, plus the files a real archive has besides them. */
    public static void writeArchive(Path file, List<ImdbReview> reviews) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entry(tar, "aclImdb/README", "synthetic test data");
            entry(tar, "aclImdb/imdb.vocab", "great\nawful\n");
            for (ImdbReview review : reviews) {
                entry(tar, "aclImdb/" + review.id() + ".txt", review.text());
            }
            for (Map.Entry<String, String> urls : urls(reviews).entrySet()) {
                entry(tar, "aclImdb/" + urls.getKey(), urls.getValue());
            }
            entry(tar, "aclImdb/train/unsup/0_0.txt", "unlabeled reviews are skipped");
            entry(tar, "aclImdb/train/labeledBow.feat", "0:1 1:2");
        }
    }

    /** Writes reviews as an extracted {@code aclImdb/} folder under {@code root}. */
    public static void writeFolder(Path root, List<ImdbReview> reviews) throws IOException {
        for (ImdbReview review : reviews) {
            Path file = root.resolve("aclImdb/" + review.id() + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, review.text(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> urls : urls(reviews).entrySet()) {
            Files.writeString(root.resolve("aclImdb/" + urls.getKey()), urls.getValue(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The archive's {@code urls_pos.txt} and {@code urls_neg.txt} of each split, by path: line n is the page of the
     * movie review n is about.
     */
    private static Map<String, String> urls(List<ImdbReview> reviews) {
        Map<String, TreeMap<Integer, String>> byFile = new TreeMap<>();
        for (ImdbReview review : reviews) {
            String[] parts = review.id().split("[/_]");
            byFile.computeIfAbsent(parts[0] + "/urls_" + parts[1] + ".txt", k -> new TreeMap<>())
                    .put(Integer.parseInt(parts[2]), "http://www.imdb.com/title/" + review.movie() + "/usercomments");
        }
        Map<String, String> files = new TreeMap<>();
        byFile.forEach((file, lines) -> {
            StringBuilder text = new StringBuilder();
            for (int n = 0; n <= lines.lastKey(); n++) {
                text.append(lines.getOrDefault(n, "")).append('\n');
            }
            files.put(file, text.toString());
        });
        return files;
    }

    private static void entry(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    /** Train and test reviews together, {@code perClass} of each label in each split. */
    public static List<ImdbReview> bothSplits(int perClass, long seed) {
        List<ImdbReview> all = new ArrayList<>(reviews("train", perClass, seed));
        all.addAll(reviews("test", perClass, seed + 1));
        return all;
    }
}
