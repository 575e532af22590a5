package org.sentimentstream.model;

/** A model that cannot be served: missing, corrupt, with the wrong signature, or failing its self-check. */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
