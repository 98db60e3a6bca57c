package dev.lamina.datasets;

import java.io.IOException;

/**
 * No verified copy of a dataset could be found or fetched. The message lists every source tried,
 * why it failed, and how to place the files by hand.
 */
public class DatasetUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public DatasetUnavailableException(String message) {
    super(message);
  }
}
