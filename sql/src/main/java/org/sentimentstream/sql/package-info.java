/**
 * The sentiment model in Flink SQL: the model provider {@code sentiment-tensorflow} behind {@code CREATE MODEL} and
 * {@code ML_PREDICT}, scoring one row per call when synchronous and micro-batches of concurrent rows when async.
 * Built against Flink 2.2.x: the model provider API is {@code @PublicEvolving}.
 */
package org.sentimentstream.sql;
