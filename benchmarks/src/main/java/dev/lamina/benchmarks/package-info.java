/**
 * JMH benchmarks of Lamina's kernels and of the two networks the command line trains, for
 * before-and-after comparisons of a performance change: build the module and run {@code java -jar
 * benchmarks/target/benchmarks.jar}. A tool, not a library; nothing depends on it.
 */
package dev.lamina.benchmarks;
