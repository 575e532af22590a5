package org.sentimentstream.trainer.imdb;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.sentimentstream.model.Sha256;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the labeled reviews of IMDB from the official {@code aclImdb_v1.tar.gz}, a repack of it, or an extracted
 * {@code aclImdb/} folder. The tar.gz is streamed: nothing is extracted to disk, and files outside the four
 * labeled folders (the unlabeled reviews, vocabularies, feature files) are skipped, except the lists of the movies
 * the labeled reviews are about ({@code urls_pos.txt}, {@code urls_neg.txt}: line n names review n's movie).
 */
public final class ImdbArchive {
    private static final Pattern REVIEW =
            Pattern.compile("(?:\\./)?(?:aclImdb/)?(train|test)/(pos|neg)/(\\d+)_(\\d+)\\.txt");
    private static final Pattern URLS = Pattern.compile("(?:\\./)?(?:aclImdb/)?(train|test)/urls_(pos|neg)\\.txt");
    /** The title id in a line of a urls file: {@code http://www.imdb.com/title/tt0453418/usercomments}. */
    private static final Pattern TITLE = Pattern.compile("title/(tt\\d+)");
    private static final List<String> FOLDERS = List.of("train/pos", "train/neg", "test/pos", "test/neg");

    private ImdbArchive() {}

    /** Reads a tar.gz file or an extracted folder. */
    public static ImdbDataset read(Path path) {
        if (!Files.exists(path)) {
            throw new DataException("IMDB data not found: " + path);
        }
        return Files.isDirectory(path) ? readFolder(path) : readArchive(path);
    }

    private static ImdbDataset readArchive(Path archive) {
        MessageDigest sha256 = Sha256.digest();
        Map<String, List<ImdbReview>> byFolder = new TreeMap<>();
        Map<String, List<String>> movies = new TreeMap<>();
        try (InputStream file = new DigestInputStream(Files.newInputStream(archive), sha256);
                BufferedInputStream buffered = new BufferedInputStream(file, 1 << 16)) {
            if (!isGzip(buffered)) {
                throw new DataException(archive + " is not a gzip file: expected the IMDB .tar.gz archive");
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(buffered, 1 << 16));
            int entries = 0;
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar, archive)) != null) {
                entries++;
                Matcher m = REVIEW.matcher(entry.getName());
                Matcher urls = URLS.matcher(entry.getName());
                if (entry.isFile() && m.matches()) {
                    add(byFolder, m, decode(tar.readAllBytes(), entry.getName()));
                } else if (entry.isFile() && urls.matches()) {
                    movies.put(urls.group(1) + "/" + urls.group(2), titles(decode(tar.readAllBytes(),
                            entry.getName())));
                }
            }
            if (entries == 0) {
                throw new DataException(archive + " is a gzip file but not a tar archive");
            }
            file.transferTo(OutputStream.nullOutputStream()); // the SHA-256 covers every byte
        } catch (EOFException e) {
            throw new DataException(archive + " is truncated: download it again", e);
        } catch (ZipException e) {
            throw new DataException(archive + " is corrupt (" + e.getMessage() + "): download it again", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + archive + ": " + e.getMessage(), e);
        }
        return dataset(byFolder, movies, archive.toString(), HexFormat.of().formatHex(sha256.digest()));
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path archive) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (EOFException e) {
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof EOFException || String.valueOf(e.getMessage()).contains("Truncated")) {
                throw new EOFException(e.getMessage());
            }
            throw new DataException(archive + " is not a valid tar archive (" + e.getMessage() + ")", e);
        }
    }

    private static ImdbDataset readFolder(Path folder) {
        Path root = Files.isDirectory(folder.resolve("aclImdb")) ? folder.resolve("aclImdb") : folder;
        Map<String, List<ImdbReview>> byFolder = new TreeMap<>();
        Map<String, List<String>> movies = new TreeMap<>();
        for (String sub : FOLDERS) {
            Path dir = root.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            Path urls = dir.resolveSibling("urls_" + dir.getFileName() + ".txt");
            try (Stream<Path> files = Files.list(dir)) {
                if (Files.isRegularFile(urls)) {
                    movies.put(sub, titles(decode(Files.readAllBytes(urls), urls.toString())));
                }
                for (Path file : (Iterable<Path>) files::iterator) {
                    Matcher m = REVIEW.matcher(sub + "/" + file.getFileName());
                    if (m.matches()) {
                        add(byFolder, m, decode(Files.readAllBytes(file), file.toString()));
                    }
                }
            } catch (IOException e) {
                throw new DataException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        return dataset(byFolder, movies, root.toString(), "directory");
    }

    private static void add(Map<String, List<ImdbReview>> byFolder, Matcher m, String text) {
        String split = m.group(1);
        String label = m.group(2);
        int rating = Integer.parseInt(m.group(4));
        String id = split + "/" + label + "/" + m.group(3) + "_" + m.group(4);
        byFolder.computeIfAbsent(split + "/" + label, k -> new ArrayList<>())
                .add(new ImdbReview(id, label.equals("pos"), rating, text));
    }

    /** The movie of each line of a urls file, in line order. */
    private static List<String> titles(String urls) {
        return urls.lines().map(line -> {
            Matcher title = TITLE.matcher(line);
            return title.find() ? title.group(1) : line.strip();
        }).toList();
    }

    private static ImdbDataset dataset(Map<String, List<ImdbReview>> byFolder, Map<String, List<String>> movies,
            String source, String sha256) {
        for (String folder : FOLDERS) {
            if (byFolder.getOrDefault(folder, List.of()).isEmpty()) {
                throw new DataException("wrong layout in " + source + ": no reviews under aclImdb/" + folder
                        + " (expected aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt)");
            }
        }
        return new ImdbDataset(split(byFolder, movies, "train"), split(byFolder, movies, "test"), sha256);
    }

    private static List<ImdbReview> split(Map<String, List<ImdbReview>> byFolder, Map<String, List<String>> movies,
            String split) {
        List<ImdbReview> reviews = new ArrayList<>();
        for (String label : List.of("neg", "pos")) {
            List<String> titles = movies.getOrDefault(split + "/" + label, List.of());
            for (ImdbReview r : byFolder.get(split + "/" + label)) {
                int n = number(r);
                reviews.add(n < titles.size()
                        ? new ImdbReview(r.id(), r.positive(), r.rating(), r.text(), titles.get(n))
                        : r);
            }
        }
        reviews.sort(Comparator.comparing(ImdbReview::positive).thenComparingInt(ImdbArchive::number));
        return List.copyOf(reviews);
    }

    private static int number(ImdbReview review) {
        String name = review.id().substring(review.id().lastIndexOf('/') + 1);
        return Integer.parseInt(name.substring(0, name.indexOf('_')));
    }

    private static String decode(byte[] bytes, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataException(name + " is not valid UTF-8", e);
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }
}
