/** {@code ./sentiment sql}: a file of Flink SQL statements, run one after another on a local Flink. */
package org.sentimentstream.cli.sql;
