/** The {@code ./sentiment} command line: one picocli subcommand per user task, user mistakes as one-line errors. */
package org.sentimentstream.cli;
