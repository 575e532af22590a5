/**
 * {@code ./sentiment bench}: the model's cost per review, the pipeline against its own passthrough limit, latency
 * at fixed shares of the maximum rate, and the trainer's speed, measured side by side in one run.
 */
package org.sentimentstream.bench;
