package dev.lamina.datasets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 (ephemeral port) with mirrors under fixed paths: {@code /good/}
 * serves the tiny dataset's gzip files, {@code /wrong/} serves other valid-looking content,
 * {@code /hang/} never answers, {@code /stall/} sends headers and part of the body then stops,
 * anything else is 404.
 */
final class LocalMirror implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger requests = new AtomicInteger();

  LocalMirror() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A source for the mirror under {@code /<name>/} with short timeouts. */
  HttpMirrorSource source(String name, Duration timeout) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    return new HttpMirrorSource(base, timeout, timeout);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String[] parts = exchange.getRequestURI().getPath().split("/");
    String mirror = parts.length > 2 ? parts[1] : "";
    String file = parts.length > 2 ? parts[2].replaceFirst("\\.gz$", "") : "";
    Map<String, byte[]> contents = TinyDataset.contents();
    try (exchange) {
      if (!contents.containsKey(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      switch (mirror) {
        case "good" -> send(exchange, IdxFiles.gzip(contents.get(file)));
        case "wrong" -> send(exchange, IdxFiles.gzip(IdxFiles.labels(3, 3, 3)));
        case "hang" -> awaitRelease();
        case "stall" -> {
          byte[] body = IdxFiles.gzip(contents.get(file));
          exchange.sendResponseHeaders(200, body.length);
          OutputStream out = exchange.getResponseBody();
          out.write(body, 0, 10);
          out.flush();
          awaitRelease();
        }
        default -> exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
