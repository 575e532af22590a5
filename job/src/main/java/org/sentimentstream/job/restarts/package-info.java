/**
 * Restarts made loud: {@link org.sentimentstream.job.restarts.RestartWatcher} follows a job's exception history on
 * the JobManager's REST API and logs one WARN line per failure, and {@link
 * org.sentimentstream.job.restarts.RestartLoop} tells when the same cause keeps coming back.
 */
package org.sentimentstream.job.restarts;
