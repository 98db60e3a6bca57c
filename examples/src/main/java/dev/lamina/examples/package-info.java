/**
 * The {@code lamina} command line ({@link dev.lamina.examples.Lamina}) and runnable examples built
 * on the Lamina modules. This is the only module that binds a logging backend (Logback).
 */
package dev.lamina.examples;
