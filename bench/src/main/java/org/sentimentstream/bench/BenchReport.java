package org.sentimentstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a bench run found: named figures (the JSON keys users script against) and the same figures as markdown
 * tables, one per section, in the order measured.
 */
final class BenchReport {
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> markdown = new ArrayList<>();

    void put(String key, Object value) {
        figures.put(key, value);
    }

    /** Adds a paragraph of markdown (a heading, a note). */
    void text(String line) {
        markdown.add(line);
        markdown.add("");
    }

    /** Adds a markdown table. */
    void table(List<String> header, List<List<String>> rows) {
        markdown.add("| " + String.join(" | ", header) + " |");
        markdown.add("|" + "---|".repeat(header.size()));
        rows.forEach(row -> markdown.add("| " + String.join(" | ", row) + " |"));
        markdown.add("");
    }

    String markdown() {
        return String.join("\n", markdown);
    }

    void writeMarkdown(Path file) throws IOException {
        write(file, markdown());
    }

    void writeJson(Path file) throws IOException {
        write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
    }

    /** A rate or a count as the tables print it: whole, with thousands separators ({@code 14,729}). */
    static String whole(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    }
}
