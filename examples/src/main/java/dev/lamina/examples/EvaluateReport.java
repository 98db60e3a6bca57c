package dev.lamina.examples;

/**
 * What {@code evaluate --report} writes as JSON: the train report's test keys (with the threads and
 * compute backend the inference ran on) plus the accuracy of each class (null for a class without
 * images) and the confusion matrix ({@code [trueClass][predictedClass]} counts).
 */
public record EvaluateReport(String dataset, int testSize, int threads, String backend,
    double testAccuracy, double inferenceImagesPerSecond, Double[] perClassAccuracy,
    long[][] confusionMatrix) {}
