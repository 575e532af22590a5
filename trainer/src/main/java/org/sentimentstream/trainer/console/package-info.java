/** Terminal output for long work: a one-line progress bar that also degrades to periodic lines in logs. */
package org.sentimentstream.trainer.console;
