package org.sentimentstream.job.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL queries of a Grafana dashboard JSON, and the metric names they select. */
public final class GrafanaDashboard {
    /** A metric selector: a name followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final Pattern FLINK_NAME = Pattern.compile("\\bflink_[a-zA-Z0-9_:]*");

    /** One query of one panel. */
    public record Query(String panel, String datasourceUid, String expr) {
        /** The query with Grafana's variables replaced: all jobs, rates over the last minute. */
        public String resolved() {
            return expr.replace("$__rate_interval", "1m").replace("$job_name", ".*");
        }

        /** The metric names it selects; every {@code flink_} name must be written as a selector. */
        public Set<String> metricNames() {
            Set<String> selected = new TreeSet<>();
            Matcher m = SELECTOR.matcher(expr);
            while (m.find()) {
                selected.add(m.group(1));
            }
            Matcher flink = FLINK_NAME.matcher(expr);
            while (flink.find()) {
                if (!selected.contains(flink.group())) {
                    throw new AssertionError(panel + ": " + flink.group() + " without label matchers in " + expr);
                }
            }
            return selected;
        }
    }

    private GrafanaDashboard() {}

    public static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Every query of every panel (rows' nested panels included). */
    public static List<Query> queries(JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        collect(dashboard.path("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, List<Query> into) {
        for (JsonNode panel : panels) {
            collect(panel.path("panels"), into);
            for (JsonNode target : panel.path("targets")) {
                into.add(new Query(panel.path("title").asText(), target.path("datasource").path("uid").asText(),
                        target.path("expr").asText()));
            }
        }
    }
}
