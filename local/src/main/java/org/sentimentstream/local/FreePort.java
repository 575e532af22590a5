package org.sentimentstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A port free on the loopback interface right now, for servers that must be told their port up front. */
public final class FreePort {
    private FreePort() {}

    /**
     * The first port of {@code range} ("8081" or "8081-8099") that nothing listens on, for a server whose address
     * must be printed before it starts; a user error when every port of the range is taken.
     */
    public static int firstFreeIn(String range) {
        String[] bounds = range.strip().split("-", 2);
        int first;
        int last;
        try {
            first = Integer.parseInt(bounds[0].strip());
            last = bounds.length == 1 ? first : Integer.parseInt(bounds[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port or port range: " + range);
        }
        for (int port = first; port <= last; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException e) {
                // taken: try the next one
            }
        }
        throw new IllegalArgumentException("no free port in " + range + ": choose another range");
    }

    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
