package org.sentimentstream.job.score;

import org.sentimentstream.schemas.ModelCommand;
import org.sentimentstream.schemas.ModelRole;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A model as a {@code ModelCommand} names it: never its bytes, so it fits in broadcast state.
 *
 * @param version the model's {@code model_version}
 * @param uri its directory as every TaskManager sees it: a path, or a {@code file:} URI
 * @param sha256 the SHA-256 of its files ({@code ModelFiles.sha256})
 * @param role what the command makes it
 */
public record ModelDescriptor(String version, String uri, String sha256, ModelRole role) implements Serializable {

    public static ModelDescriptor of(ModelCommand command) {
        return new ModelDescriptor(command.getModelVersion(), command.getUri(), command.getSha256(),
                command.getRole());
    }

    /** The model directory {@link #uri} names. */
    public Path directory() {
        return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }

    public ModelDescriptor withRole(ModelRole newRole) {
        return new ModelDescriptor(version, uri, sha256, newRole);
    }

    /** This descriptor as a command issued at {@code issuedAt}. */
    public ModelCommand toCommand(Instant issuedAt) {
        return ModelCommand.newBuilder().setModelVersion(version).setUri(uri).setSha256(sha256).setRole(role)
                .setIssuedAt(issuedAt).build();
    }
}
