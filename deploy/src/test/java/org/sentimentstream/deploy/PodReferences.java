package org.sentimentstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The references from pod templates to other objects of a rendered set, checked the way an operator engineer would
 * before {@code kubectl apply}: every ConfigMap, Secret, PersistentVolumeClaim and ServiceAccount a pod template names
 * must be an object of the set or one an operator of the set creates, or the pod never starts.
 */
final class PodReferences {
    /** One name a pod template of {@code owner} uses: {@code where} says which field, for the failure message. */
    record Reference(String owner, String kind, String name, String where) {
        String target() {
            return kind + "/" + name;
        }
    }

    private PodReferences() {}

    /** The references that name nothing in {@code objects}, as "Kind/name (where)" lines. */
    static List<String> dangling(List<JsonNode> objects) {
        Set<String> provided = provided(objects);
        return references(objects).stream().filter(r -> !provided.contains(r.target()))
                .map(r -> r.target() + " (" + r.where() + ")").toList();
    }

    /** Every reference of every pod template in the set (Jobs, CronJobs, workloads and FlinkDeployments). */
    static List<Reference> references(List<JsonNode> objects) {
        List<Reference> found = new ArrayList<>();
        for (JsonNode object : objects) {
            String id = object.path("kind").asText() + "/" + object.at("/metadata/name").asText();
            switch (object.path("kind").asText()) {
                case "Job", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" ->
                        podTemplate(object.at("/spec/template"), id, id + " spec.template", found);
                case "CronJob" -> podTemplate(object.at("/spec/jobTemplate/spec/template"), id,
                        id + " spec.jobTemplate.spec.template", found);
                case "FlinkDeployment" -> {
                    // the operator runs both pods under spec.serviceAccount and merges the pod templates
                    add(found, id, "ServiceAccount", object.at("/spec/serviceAccount"),
                            id + " spec.serviceAccount");
                    for (String template : List.of("podTemplate", "jobManager/podTemplate",
                            "taskManager/podTemplate")) {
                        podTemplate(object.at("/spec/" + template), id,
                                id + " spec." + template.replace('/', '.'), found);
                    }
                }
                default -> { }
            }
        }
        return found;
    }

    /**
     * "Kind/name" of every object of the set and of what the operators create from them: Strimzi's User Operator a
     * Secret per KafkaUser (same name), its Cluster Operator the cluster CA Secrets per Kafka.
     */
    static Set<String> provided(List<JsonNode> objects) {
        Set<String> provided = new TreeSet<>();
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText();
            String name = object.at("/metadata/name").asText();
            provided.add(kind + "/" + name);
            if (kind.equals("KafkaUser")) {
                provided.add("Secret/" + name);
            } else if (kind.equals("Kafka")) {
                provided.add("Secret/" + name + "-cluster-ca-cert");
                provided.add("Secret/" + name + "-clients-ca-cert");
            }
        }
        return provided;
    }

    private static void podTemplate(JsonNode template, String owner, String where, List<Reference> found) {
        JsonNode spec = template.path("spec");
        if (spec.isMissingNode()) {
            return;
        }
        add(found, owner, "ServiceAccount", spec.path("serviceAccountName"), where + " serviceAccountName");
        spec.path("imagePullSecrets").forEach(s -> add(found, owner, "Secret", s.path("name"),
                where + " imagePullSecrets"));
        for (JsonNode volume : spec.path("volumes")) {
            String at = where + " volume " + volume.path("name").asText();
            optional(found, owner, "ConfigMap", volume.path("configMap"), "name", at);
            optional(found, owner, "Secret", volume.path("secret"), "secretName", at);
            add(found, owner, "PersistentVolumeClaim", volume.at("/persistentVolumeClaim/claimName"), at);
            for (JsonNode source : volume.at("/projected/sources")) {
                optional(found, owner, "ConfigMap", source.path("configMap"), "name", at);
                optional(found, owner, "Secret", source.path("secret"), "name", at);
            }
        }
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : spec.path(list)) {
                String at = where + " container " + container.path("name").asText();
                for (JsonNode from : container.path("envFrom")) {
                    optional(found, owner, "ConfigMap", from.path("configMapRef"), "name", at + " envFrom");
                    optional(found, owner, "Secret", from.path("secretRef"), "name", at + " envFrom");
                }
                for (JsonNode env : container.path("env")) {
                    String envAt = at + " env " + env.path("name").asText();
                    optional(found, owner, "ConfigMap", env.at("/valueFrom/configMapKeyRef"), "name", envAt);
                    optional(found, owner, "Secret", env.at("/valueFrom/secretKeyRef"), "name", envAt);
                }
            }
        }
    }

    /** A reference marked {@code optional: true} lets the pod start without its object, so it is not one. */
    private static void optional(List<Reference> found, String owner, String kind, JsonNode ref, String field,
            String where) {
        if (!ref.path("optional").asBoolean(false)) {
            add(found, owner, kind, ref.path(field), where);
        }
    }

    private static void add(List<Reference> found, String owner, String kind, JsonNode name, String where) {
        if (name.isTextual() && !name.asText().isEmpty()) {
            found.add(new Reference(owner, kind, name.asText(), where));
        }
    }
}
