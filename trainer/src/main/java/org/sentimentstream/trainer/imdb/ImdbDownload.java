package org.sentimentstream.trainer.imdb;

import org.sentimentstream.model.Sha256;
import org.sentimentstream.trainer.console.ProgressBar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads an archive over HTTP with a progress bar, checks its size and SHA-256, and only then moves it into
 * place, so a cache never holds a partial or tampered file.
 *
 * @param uri where to download from
 * @param size expected size in bytes
 * @param sha256 expected SHA-256, lower-case hex
 */
public record ImdbDownload(URI uri, long size, String sha256) {
    /** The official archive from Stanford. */
    public static final ImdbDownload OFFICIAL = new ImdbDownload(
            URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"), 84_125_825L,
            "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe");

    /** Downloads to {@code target}, replacing nothing unless the download is complete and verified. */
    public Path fetch(Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20))
                    .build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new DataException("download of " + uri + " failed: HTTP " + response.statusCode());
            }
            MessageDigest digest = Sha256.digest();
            long received = 0;
            ProgressBar bar = new ProgressBar("downloading IMDB", size, ProgressBar::megabytes);
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    received += n;
                    bar.update(received);
                }
            }
            bar.finish(received);
            if (received != size) {
                throw new DataException("download of " + uri + " is " + received + " bytes, expected " + size
                        + ": try again");
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new DataException("checksum mismatch for " + uri + ": SHA-256 " + actual + ", expected "
                        + sha256);
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException("cannot download " + uri + " (" + cause(e)
                    + "): without internet, pass --data PATH or set IMDB_DATA", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("download of " + uri + " interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover .part file is overwritten by the next download
            }
        }
    }

    /** The innermost cause, by its message or else its name: the HTTP client's own exception often has neither. */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
