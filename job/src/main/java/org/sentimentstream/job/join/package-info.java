/** Predictions joined with ground-truth labels that arrive late, on their own topic, in either order. */
package org.sentimentstream.job.join;
