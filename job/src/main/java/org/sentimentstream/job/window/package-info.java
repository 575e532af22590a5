/** Accuracy per event-time window, revised as late labels arrive and finalised once they no longer can. */
package org.sentimentstream.job.window;
