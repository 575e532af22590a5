package org.sentimentstream.local;

import org.apache.flink.configuration.Configuration;

/**
 * Flink's Prometheus reporter ({@code flink-metrics-prometheus} on the cluster's classpath): every metric of the
 * cluster, the job's included, served at {@code http://HOST:PORT/metrics} for Prometheus to scrape. The names it
 * produces are listed in docs/metrics.md.
 */
public final class PrometheusExport {
    /** Flink's suggested range: each process on a host takes the first free port of it. */
    public static final String DEFAULT_PORTS = "9249-9259";

    private PrometheusExport() {}

    /** Cluster settings that start the reporter on the first free port of {@code ports} ("9249" or "9249-9259"). */
    public static Configuration reporter(String ports) {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", ports);
        return conf;
    }
}
