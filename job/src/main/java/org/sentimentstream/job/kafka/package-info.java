/** Kafka at the edges: sources and sinks of the job's topics, their Avro serializers, and an in-process broker. */
package org.sentimentstream.job.kafka;
