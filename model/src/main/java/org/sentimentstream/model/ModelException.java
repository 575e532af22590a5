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

    /** Unless {@code modelDir} is a directory: the one-line error every model consumer gives. */
    public static void requireDirectory(java.nio.file.Path modelDir) {
        if (!java.nio.file.Files.isDirectory(modelDir)) {
            throw new ModelException("model directory not found: " + modelDir
                    + " (train one with ./sentiment train --model-dir " + modelDir + ")");
        }
    }
}
