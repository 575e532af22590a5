package org.sentimentstream.job.restarts;

import java.util.ArrayList;
import java.util.List;

/**
 * One failure of a job as the JobManager's exception history keeps it: the exception ("class: message") and the
 * chain of its causes, read from the stringified stack trace.
 *
 * @param chain the exception first, then each "Caused by", as "class: message" (or the class alone)
 * @param stackTrace the stack trace as the JobManager recorded it
 */
public record FailureCause(List<String> chain, String stackTrace) {
    private static final String CAUSED_BY = "Caused by: ";

    public FailureCause {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a failure has at least its exception");
        }
        chain = List.copyOf(chain);
    }

    /**
     * Reads Java's stack trace text: the first line and every {@code Caused by:} line start an exception (a message
     * over several lines is joined), frames and suppressed exceptions (tab-indented) end it.
     */
    public static FailureCause parse(String exceptionName, String stackTrace) {
        List<String> chain = new ArrayList<>();
        StringBuilder current = null;
        String text = stackTrace == null ? "" : stackTrace;
        for (String line : text.split("\\R")) {
            if (chain.isEmpty() && current == null && !line.isBlank()) {
                current = new StringBuilder(line.strip());
            } else if (line.startsWith(CAUSED_BY)) {
                add(chain, current);
                current = new StringBuilder(line.substring(CAUSED_BY.length()).strip());
            } else if (line.startsWith("\t") || line.startsWith(" ")) {
                add(chain, current);
                current = null;
            } else if (current != null && !line.isBlank()) {
                current.append(' ').append(line.strip());
            }
        }
        add(chain, current);
        if (chain.isEmpty()) {
            chain.add(exceptionName);
        }
        return new FailureCause(chain, text);
    }

    private static void add(List<String> chain, StringBuilder exception) {
        if (exception != null) {
            chain.add(exception.toString());
        }
    }

    /** The exception and, when it has causes, the deepest one: "A: message; caused by C: message". */
    public String summary() {
        String exception = chain.get(0);
        return chain.size() == 1 ? exception : exception + "; caused by " + chain.get(chain.size() - 1);
    }

    /**
     * What makes two failures the same cause: the deepest cause, class and message. The exceptions around it depend
     * on where the failure surfaced (a record's send, a checkpoint's flush) and name things that change with every
     * attempt (transactional ids, checkpoint numbers).
     */
    public String signature() {
        return chain.get(chain.size() - 1);
    }
}
