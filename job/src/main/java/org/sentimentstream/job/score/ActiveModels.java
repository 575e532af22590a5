package org.sentimentstream.job.score;

import org.sentimentstream.schemas.ModelRole;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The models a scorer serves: one champion, whose predictions are the sentiment topic, and at most one challenger,
 * scored on the same batches in shadow. {@link #apply} says what a command makes of the set:
 * <ul>
 *   <li>CHAMPION x: x serves; the former champion becomes the challenger (in place of any other), so both models
 *       keep being compared and a rollback is one more promotion;</li>
 *   <li>CHALLENGER x: x scores in shadow in place of any other challenger;</li>
 *   <li>RETIRED x: x leaves the set; the champion cannot retire (promote another first).</li>
 * </ul>
 *
 * @param champion the serving model, never null
 * @param challenger the shadow model, or null
 */
public record ActiveModels(ModelDescriptor champion, ModelDescriptor challenger) implements Serializable {

    public ActiveModels {
        if (champion == null) {
            throw new IllegalArgumentException("a scorer always has a champion");
        }
    }

    public static ActiveModels of(ModelDescriptor champion) {
        return new ActiveModels(champion.withRole(ModelRole.CHAMPION), null);
    }

    /** The set after {@code command}; throws {@link IllegalArgumentException} saying why it cannot be followed. */
    public ActiveModels apply(ModelDescriptor command) {
        String version = command.version();
        return switch (command.role()) {
            case CHAMPION -> version.equals(champion.version()) ? this
                    : new ActiveModels(command, champion.withRole(ModelRole.CHALLENGER));
            case CHALLENGER -> {
                if (version.equals(champion.version())) {
                    throw new IllegalArgumentException("model " + version + " is the champion: promote another "
                            + "model, and it becomes the challenger");
                }
                yield new ActiveModels(champion, command);
            }
            case RETIRED -> {
                if (version.equals(champion.version())) {
                    throw new IllegalArgumentException("model " + version + " is the champion and cannot retire: "
                            + "promote another model first");
                }
                yield challenger != null && version.equals(challenger.version())
                        ? new ActiveModels(champion, null) : this;
            }
        };
    }

    /** The champion, then the challenger if any. */
    public List<ModelDescriptor> all() {
        List<ModelDescriptor> all = new ArrayList<>(2);
        all.add(champion);
        if (challenger != null) {
            all.add(challenger);
        }
        return all;
    }

    /** Whether a model of {@code version} is in the set. */
    public boolean contains(String version) {
        return all().stream().anyMatch(model -> model.version().equals(version));
    }
}
