package dev.lamina.datasets;

/** Two disjoint parts of a dataset, e.g. training and validation; see {@link Dataset#split}. */
public record DatasetSplit(Dataset first, Dataset second) {}
