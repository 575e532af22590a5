/**
 * {@code ./sentiment dashboard}: a live page fed from the job's output topics. {@link
 * org.sentimentstream.cli.dashboard.DashboardFeed} reads the topics into {@link
 * org.sentimentstream.cli.dashboard.DashboardStats}, and {@link org.sentimentstream.cli.dashboard.DashboardServer}
 * serves the page and pushes the stats to it with server-sent events.
 */
package org.sentimentstream.cli.dashboard;
