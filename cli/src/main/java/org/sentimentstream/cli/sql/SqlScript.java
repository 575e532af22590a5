package org.sentimentstream.cli.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A file of SQL statements separated by {@code ;}, as the Flink SQL client reads one: a {@code ;} inside a
 * quoted string, a back-quoted name or a comment does not end a statement.
 */
final class SqlScript {
    /** One statement and the line of the file it starts on. */
    record Statement(int line, String sql) {}

    private SqlScript() {}

    /** The script with each {@code ${name}} of {@code values} replaced by its value. */
    static String substitute(String script, Map<String, String> values) {
        String result = script;
        for (var e : values.entrySet()) {
            result = result.replace("${" + e.getKey() + "}", e.getValue());
        }
        return result;
    }

    static List<Statement> statements(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int start = -1; // line of the current statement's first character that is not blank or a comment
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '-' && script.startsWith("--", i)) {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
                continue;
            }
            if (c == '/' && script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                int stop = end < 0 ? script.length() : end + 2;
                line += count(script, i, stop);
                i = stop;
                current.append(' ');
                continue;
            }
            if (c == ';') {
                add(statements, start, current);
                start = -1;
                i++;
                continue;
            }
            if (start < 0 && !Character.isWhitespace(c)) {
                start = line;
            }
            if (c == '\'' || c == '`' || c == '"') {
                int end = closing(script, i, c);
                current.append(script, i, end);
                line += count(script, i, end);
                i = end;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            current.append(c);
            i++;
        }
        add(statements, start, current);
        return statements;
    }

    /** Just past the quote that closes the one at {@code open}; a doubled quote stands for itself. */
    private static int closing(String script, int open, char quote) {
        int i = open + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    private static int count(String script, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            lines += script.charAt(i) == '\n' ? 1 : 0;
        }
        return lines;
    }

    private static void add(List<Statement> statements, int line, StringBuilder sql) {
        String statement = sql.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(new Statement(line, statement));
        }
        sql.setLength(0);
    }
}
