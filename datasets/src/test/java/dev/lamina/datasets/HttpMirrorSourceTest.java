package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpMirrorSourceTest {
  private static final URI FILE = URI.create("https://mirror.example/mnist/t10k-images.gz");

  @Test
  void failuresAreToldInWordsWithTheirDetail() {
    ConnectException unresolved = new ConnectException();
    unresolved.initCause(new UnresolvedAddressException());

    assertEquals("unknown host mirror.example", describe(unresolved));
    assertEquals("cannot connect", describe(new ConnectException()));
    assertEquals("cannot connect (Connection refused)",
        describe(new ConnectException("Connection refused")));
    assertEquals("timed out connecting (HTTP connect timed out)",
        describe(new HttpConnectTimeoutException("HTTP connect timed out")));
    assertEquals("timed out (request timed out)",
        describe(new HttpTimeoutException("request timed out")));
    assertEquals("Connection reset (java.net.SocketException: Connection reset)",
        describe(new IOException("Connection reset", new SocketException("Connection reset"))));
    assertEquals("IOException", describe(new IOException()));
  }

  @Test
  void aHostThatCannotBeReachedIsNotAskedForTheNextFile(@TempDir Path dir) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpMirrorSource source = new HttpMirrorSource(
        URI.create("http://127.0.0.1:" + closedPort + "/m/"), Duration.ofSeconds(5),
        Duration.ofSeconds(5));

    IOException e = assertThrows(IOException.class, () -> source.fetch(List.of("a", "b"), dir));

    String message = e.getMessage(); // the refusal's detail depends on the JDK
    assertTrue(message.startsWith("http://127.0.0.1:" + closedPort + "/m/a.gz: cannot connect"),
        message);
    assertTrue(message.endsWith("; the remaining 1 file was not tried on this mirror"), message);
  }

  private static String describe(IOException e) {
    return HttpMirrorSource.describe(e, FILE);
  }
}
