package org.sentimentstream.trainer.imdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Source precedence and the download path, against a real HTTP server on loopback. */
class ImdbLocatorTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private byte[] archive;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serveArchive() throws Exception {
        Path file = dir.resolve("served.tar.gz");
        SyntheticImdb.writeArchive(file, SyntheticImdb.bothSplits(3, 1));
        archive = Files.readAllBytes(file);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/aclImdb_v1.tar.gz", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archive);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ImdbDownload download(long size, String sha256) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/aclImdb_v1.tar.gz");
        return new ImdbDownload(uri, size, sha256);
    }

    private String sha256() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
    }

    @Test
    void downloadsOnceThenUsesTheCache() throws Exception {
        ImdbLocator locator = new ImdbLocator(null, dir.resolve("cache"), download(archive.length, sha256()), Map.of());

        Path first = locator.locate(null);
        Path second = locator.locate(null);

        assertEquals(dir.resolve("cache/aclImdb_v1.tar.gz"), first);
        assertEquals(first, second);
        assertArrayEquals(archive, Files.readAllBytes(first));
        assertEquals(1, requests.get());
        assertEquals(12, locator.read(null).train().size() + locator.read(null).test().size());
    }

    @Test
    void explicitPathWinsOverEnvironmentWhichWinsOverCache() throws Exception {
        Path explicit = Files.write(dir.resolve("explicit.tar.gz"), archive);
        Path fromEnv = Files.write(dir.resolve("env.tar.gz"), archive);
        Files.createDirectories(dir.resolve("cache"));
        Files.write(dir.resolve("cache/aclImdb_v1.tar.gz"), archive);
        ImdbDownload unused = download(archive.length, sha256());

        assertEquals(explicit, new ImdbLocator(null, dir.resolve("cache"), unused,
                Map.of(ImdbLocator.ENV, fromEnv.toString())).locate(explicit));
        assertEquals(fromEnv, new ImdbLocator(null, dir.resolve("cache"), unused,
                Map.of(ImdbLocator.ENV, fromEnv.toString())).locate(null));
        assertEquals(dir.resolve("cache/aclImdb_v1.tar.gz"),
                new ImdbLocator(null, dir.resolve("cache"), unused, Map.of()).locate(null));
        assertEquals(0, requests.get());
    }

    @Test
    void archiveBesideTheCheckoutComesAfterTheEnvironmentAndBeforeTheCache() throws Exception {
        Path root = Files.createDirectories(dir.resolve("machine/sentiment-stream"));
        Path shared = ImdbLocator.besideCheckout(root);
        assertEquals(dir.resolve("machine/shared/imdb/aclImdb-labeled.tar.gz"), shared);
        Path fromEnv = Files.write(dir.resolve("env.tar.gz"), archive);
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.write(cache.resolve("aclImdb_v1.tar.gz"), archive);
        ImdbDownload unused = download(archive.length, sha256());

        ImdbLocator noArchiveYet = new ImdbLocator(shared, cache, unused, Map.of());
        assertEquals(cache.resolve("aclImdb_v1.tar.gz"), noArchiveYet.locate(null));
        Files.createDirectories(shared.getParent());
        Files.write(shared, archive);
        assertEquals(shared, noArchiveYet.locate(null));
        assertEquals(fromEnv, new ImdbLocator(shared, cache, unused, Map.of(ImdbLocator.ENV, fromEnv.toString()))
                .locate(null));
        assertEquals(0, requests.get());
    }

    @Test
    void missingExplicitOrEnvironmentPathSaysWhereItCameFrom() {
        ImdbLocator locator = new ImdbLocator(null, dir.resolve("cache"), download(1, "00"),
                Map.of(ImdbLocator.ENV, dir.resolve("gone").toString()));
        DataException explicit = assertThrows(DataException.class, () -> locator.locate(dir.resolve("absent")));
        assertTrue(explicit.getMessage().contains("--data"), explicit.getMessage());
        DataException env = assertThrows(DataException.class, () -> locator.locate(null));
        assertTrue(env.getMessage().contains("IMDB_DATA"), env.getMessage());
    }

    @Test
    void checksumMismatchKeepsNothingInTheCache() {
        ImdbLocator locator = new ImdbLocator(null, dir.resolve("cache"), download(archive.length, "0".repeat(64)),
                Map.of());
        DataException e = assertThrows(DataException.class, () -> locator.locate(null));
        assertTrue(e.getMessage().startsWith("checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cache/aclImdb_v1.tar.gz")));
        assertFalse(Files.exists(dir.resolve("cache/aclImdb_v1.tar.gz.part")));
    }

    @Test
    void sizeMismatchIsReported() throws Exception {
        ImdbLocator locator = new ImdbLocator(null, dir.resolve("cache"), download(archive.length + 1, sha256()),
                Map.of());
        DataException e = assertThrows(DataException.class, () -> locator.locate(null));
        assertTrue(e.getMessage().contains("expected " + (archive.length + 1)), e.getMessage());
    }

    @Test
    void unreachableServerIsOneLineNamingItsCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI unreachable = URI.create("http://127.0.0.1:" + closedPort + "/aclImdb_v1.tar.gz");
        ImdbLocator locator = new ImdbLocator(null, dir.resolve("cache"), new ImdbDownload(unreachable, 1, "00"),
                Map.of());
        DataException e = assertThrows(DataException.class, () -> locator.locate(null));
        assertTrue(e.getMessage().matches("cannot download " + Pattern.quote(unreachable.toString())
                + " \\((?!null\\)).+\\): without internet, pass --data PATH or set IMDB_DATA"), e.getMessage());
    }

    @Test
    void httpErrorIsReported() throws IOException {
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/missing.tar.gz");
        ImdbLocator locator = new ImdbLocator(null, dir.resolve("cache"), new ImdbDownload(missing, 1, "00"), Map.of());
        DataException e = assertThrows(DataException.class, () -> locator.locate(null));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }
}
