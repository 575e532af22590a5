/**
 * The IMDB Large Movie Review dataset: finding it (explicit path, {@code IMDB_DATA}, cache, download) and
 * streaming its reviews out of the tar.gz or an extracted folder with stable ids and star ratings.
 */
package org.sentimentstream.trainer.imdb;
