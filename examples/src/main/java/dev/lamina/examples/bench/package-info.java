/**
 * The {@code lamina bench} subcommands: programs that time Lamina's kernels and workloads and
 * report medians (never timed unit tests).
 */
package dev.lamina.examples.bench;
