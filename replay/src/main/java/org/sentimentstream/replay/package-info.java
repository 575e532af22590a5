/** IMDB as a stream: reviews published now, their labels later, at a chosen rate, in a seeded order. */
package org.sentimentstream.replay;
