package org.sentimentstream.job.score;

/**
 * A decoded {@code ModelCommand} with where it came from, so a rejection can be dead-lettered with its bytes.
 *
 * @param model what the command says
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param value the command's bytes as read
 */
public record ModelCommandEvent(ModelDescriptor model, String topic, int partition, long offset, byte[] value) {}
