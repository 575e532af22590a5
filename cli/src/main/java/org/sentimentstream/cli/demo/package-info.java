/**
 * {@code ./sentiment demo}: the whole system in one process (embedded Kafka, local Flink, a trained model, an IMDB
 * replay), watched live from the output topics and summarised at the end.
 */
package org.sentimentstream.cli.demo;
