package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

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

  private static String describe(IOException e) {
    return HttpMirrorSource.describe(e, FILE);
  }
}
