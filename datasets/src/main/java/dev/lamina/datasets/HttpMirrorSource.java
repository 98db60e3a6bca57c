package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original gzip files ({@code <base><file>.gz}) from an HTTP(S) mirror, with a connect
 * timeout and a read timeout (the longest wait for the response headers or for the next bytes of
 * the body). Progress is logged at INFO about every 10%.
 */
public final class HttpMirrorSource implements DataSource {
  private static final Logger log = LoggerFactory.getLogger(HttpMirrorSource.class);
  private static final int BUFFER = 1 << 16;

  private final URI base;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  /** A mirror at {@code base} (ending in {@code /}). */
  public HttpMirrorSource(URI base, Duration connectTimeout, Duration readTimeout) {
    checkArgument(base.getPath().endsWith("/"), "mirror base %s must end with /", base);
    checkArgument(!connectTimeout.isNegative() && !connectTimeout.isZero()
        && !readTimeout.isNegative() && !readTimeout.isZero(), "timeouts must be positive");
    this.base = base;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  /** A mirror at {@code base} with a 15 s connect and a 30 s read timeout. */
  public static HttpMirrorSource of(String base) {
    return new HttpMirrorSource(URI.create(base), Duration.ofSeconds(15), Duration.ofSeconds(30));
  }

  @Override
  public String description() {
    return "mirror " + base;
  }

  @Override
  public void fetch(List<String> files, Path dir) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL).proxy(ProxySelector.getDefault()).build();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      URI uri = base.resolve(files.get(i) + ".gz");
      try {
        download(client, uri, dir.resolve(files.get(i) + ".gz"));
      } catch (IOException e) {
        problems.add(uri + ": " + describe(e, uri));
        if (unreachable(e) && i + 1 < files.size()) {
          // The other files live on the same host: each would wait for the same failure.
          int left = files.size() - i - 1;
          problems.add("the remaining " + left + (left == 1 ? " file was" : " files were")
              + " not tried on this mirror");
          break;
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(String.join("; ", problems));
    }
  }

  /** Whether {@code e} says the host could not be reached at all (rather than one file). */
  private static boolean unreachable(IOException e) {
    return e instanceof ConnectException || e instanceof UnknownHostException
        || e instanceof HttpConnectTimeoutException;
  }

  /**
   * {@code e} in a few words, then its detail. The JDK's client reports a host name it cannot
   * resolve as a {@link ConnectException} caused by an {@link UnresolvedAddressException}.
   */
  static String describe(IOException e, URI uri) {
    String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    if (e instanceof HttpConnectTimeoutException) {
      return "timed out connecting" + detail;
    } else if (e instanceof HttpTimeoutException) {
      return "timed out" + detail;
    } else if (e instanceof UnknownHostException
        || e.getCause() instanceof UnresolvedAddressException) {
      return "unknown host " + uri.getHost();
    } else if (e instanceof ConnectException) {
      return "cannot connect" + detail;
    } else if (e instanceof MirrorException) {
      return e.getMessage();
    }
    String cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
    return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + cause;
  }

  /** A failure this class found itself (an HTTP status, a short body), told by its message. */
  private static final class MirrorException extends IOException {
    MirrorException(String message) {
      super(message);
    }
  }

  private void download(HttpClient client, URI uri, Path target) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting to " + uri);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new MirrorException("HTTP " + response.statusCode());
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      log.info("downloading {} ({} bytes)", uri, length >= 0 ? length : "unknown");
      try (OutputStream out = Files.newOutputStream(target)) {
        copyWithIdleTimeout(body, out, uri, length);
      }
    }
  }

  /** Copies the body, closing it (and failing) when no byte arrives for the read timeout. */
  private void copyWithIdleTimeout(InputStream body, OutputStream out, URI uri, long length)
      throws IOException {
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lamina-download-watchdog");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(10, readTimeout.toMillis() / 4);
    watchdog.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastProgress.get() > readTimeout.toNanos()) {
        timedOut.set(true);
        closeQuietly(body);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    try {
      copy(body, out, uri, length, lastProgress);
    } catch (IOException e) {
      if (!timedOut.get()) {
        throw e;
      }
    } finally {
      watchdog.shutdownNow();
    }
    if (timedOut.get()) {
      throw new HttpTimeoutException("no data for " + readTimeout.toMillis() + " ms");
    }
  }

  private static void copy(InputStream body, OutputStream out, URI uri, long length,
      AtomicLong lastProgress) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    long nextReport = length > 0 ? length / 10 : 8L << 20;
    for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
      lastProgress.set(System.nanoTime());
      total += n;
      if (total > DataFiles.MAX_CONTENT_BYTES) {
        throw new MirrorException("more than " + DataFiles.MAX_CONTENT_BYTES + " bytes");
      }
      out.write(buffer, 0, n);
      if (total >= nextReport) {
        log.info("{}: {} of {} bytes", uri, total, length >= 0 ? length : "?");
        nextReport += length > 0 ? length / 10 : 8L << 20;
      }
    }
    if (length >= 0 && total != length) {
      throw new MirrorException("connection closed after " + total + " of " + length + " bytes");
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      log.debug("closing a stalled download", e);
    }
  }
}
