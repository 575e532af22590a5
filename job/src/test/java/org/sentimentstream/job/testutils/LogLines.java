package org.sentimentstream.job.testutils;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every line one logger writes while a test runs, as "LEVEL message", caught by an appender of the real log4j at
 * every level, whatever the test's log configuration lets through to the console.
 */
public final class LogLines extends AbstractAppender implements AutoCloseable {
    private final String logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines(String logger) {
        super("test-lines-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    public static LogLines of(Class<?> logger) {
        LogLines lines = new LogLines(logger.getName());
        lines.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        LoggerConfig config = LoggerConfig.newBuilder().withLoggerName(logger.getName()).withLevel(Level.ALL)
                .withAdditivity(false).withConfig(configuration).build();
        config.addAppender(lines, null, null);
        configuration.addLogger(logger.getName(), config);
        context.updateLoggers();
        return lines;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(logger);
        context.updateLoggers();
        stop();
    }
}
