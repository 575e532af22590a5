package org.sentimentstream.schemas;

import org.apache.avro.Schema;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What the formats need besides the bytes: the schema registry of {@code confluent-avro}, and the writer schemas
 * other than ours that {@code avro} resolves.
 *
 * @param schemaRegistry the registry, or null when no format needs one
 * @param writerSchemas Avro schemas (JSON) that single-object records may be written with, besides ours
 */
public record FormatOptions(SchemaRegistry.Settings schemaRegistry, List<String> writerSchemas)
        implements Serializable {

    public FormatOptions {
        writerSchemas = List.copyOf(writerSchemas);
    }

    /** No registry, no writer schemas: enough for {@code avro} with our own schemas and for {@code json}. */
    public static FormatOptions none() {
        return new FormatOptions(null, List.of());
    }

    /**
     * Options from the command line: the registry at {@code registryUrl} (or none) with the basic-auth credentials
     * of {@code clientProperties} ({@code basic.auth.user.info}, as in a Confluent client configuration), and the
     * {@code .avsc} files of {@code writerSchemaDir} (or none).
     */
    public static FormatOptions of(String registryUrl, Properties clientProperties, Path writerSchemaDir) {
        SchemaRegistry.Settings registry = registryUrl == null ? null
                : SchemaRegistry.Settings.of(registryUrl, clientProperties);
        return new FormatOptions(registry, writerSchemaDir == null ? List.of() : readSchemas(writerSchemaDir));
    }

    /** The writer schemas, parsed. */
    public List<Schema> parsedWriterSchemas() {
        return writerSchemas.stream().map(json -> new Schema.Parser().parse(json)).toList();
    }

    private static List<String> readSchemas(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("writer schemas directory not found: " + dir);
        }
        List<String> schemas = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".avsc")).sorted().toList()) {
                try {
                    schemas.add(new Schema.Parser().parse(file.toFile()).toString());
                } catch (org.apache.avro.SchemaParseException e) {
                    throw new IllegalArgumentException("cannot parse writer schema " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read writer schemas in " + dir + ": " + e.getMessage(), e);
        }
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("no .avsc file in the writer schemas directory " + dir);
        }
        return schemas;
    }
}
