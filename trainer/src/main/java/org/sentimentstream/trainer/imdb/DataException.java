package org.sentimentstream.trainer.imdb;

/** The dataset cannot be used as given: the message says what is wrong and what to do, in one line. */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
