package org.sentimentstream.cli.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/** The texts of the most recently read reviews by id, the oldest forgotten first; not thread-safe. */
final class RecentTexts {
    private final Map<String, String> texts;

    RecentTexts(int capacity) {
        texts = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    void put(String id, String text) {
        texts.put(id, text);
    }

    /** The text of review {@code id}, or null if it was not read or is forgotten. */
    String get(String id) {
        return texts.get(id);
    }
}
