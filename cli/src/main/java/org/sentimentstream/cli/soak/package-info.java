/** {@code ./sentiment soak}: a long run of generated reviews, half never labeled, watching state and memory. */
package org.sentimentstream.cli.soak;
