package org.sentimentstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * k8s/, offline: both overlays and the one-shot Jobs render with kubectl kustomize; every pod template names only
 * objects that exist once applied; every rendered object validates against the schema of its kind (built-in kinds,
 * the Flink operator's and Strimzi's CRDs, prometheus-operator's PodMonitor and PrometheusRule) and has no field its
 * schema does not know (deploy/validate-manifests.mjs), and a file of broken manifests is rejected object by object;
 * then what the job needs is asserted on the rendered objects, and promtool runs the alert rules on made-up series.
 * Proves the manifests are what the pinned schemas accept and are consistent with the images and the job; not that a cluster runs them.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path RENDERED = Path.of("target", "rendered");
    private static final Set<String> TOPICS = Set.of("reviews", "labels", "sentiment", "sentiment-shadow", "accuracy",
            "comparison", "dead-letters", "models");

    /** What each overlay is deployed with: the overlay, then the one-shot Jobs applied on their own (k8s/jobs/). */
    private static final Map<String, List<String>> SETS = Map.of(
            "cpu", List.of("overlays/cpu", "jobs/trainer", "jobs/replay"),
            "gpu", List.of("overlays/gpu", "jobs/trainer-gpu", "jobs/replay"));

    private static final Map<String, List<JsonNode>> KUSTOMIZATIONS = new TreeMap<>();
    private static List<JsonNode> cpu;
    private static List<JsonNode> gpu;

    @BeforeAll
    static void render() throws IOException {
        Files.createDirectories(RENDERED);
        cpu = renderSet("cpu");
        gpu = renderSet("gpu");
    }

    /**
     * Renders every kustomization of the set exactly as docs/deploy.md applies them, kept in deploy/target/rendered/
     * (the whole set as cpu.yaml or gpu.yaml). An object two of them render (the shared kafka-client ConfigMap) must be
     * rendered identically, or each apply would undo the other; the set holds it once.
     */
    private static List<JsonNode> renderSet(String name) throws IOException {
        Map<String, JsonNode> set = new LinkedHashMap<>();
        for (String kustomization : SETS.get(name)) {
            for (JsonNode object : KUSTOMIZATIONS.computeIfAbsent(kustomization, KubernetesManifestsTest::render)) {
                String id = object.path("kind").asText() + "/" + object.at("/metadata/name").asText();
                JsonNode before = set.putIfAbsent(id, object);
                assertTrue(before == null || before.equals(object),
                        id + " is rendered differently by " + kustomization);
            }
        }
        StringBuilder yaml = new StringBuilder();
        for (JsonNode object : set.values()) {
            yaml.append(YAML.writeValueAsString(object)); // each a document of its own, "---" first
        }
        Files.writeString(RENDERED.resolve(name + ".yaml"), yaml);
        return List.copyOf(set.values());
    }

    /** Renders one kustomization of k8s/ with kubectl kustomize. */
    private static List<JsonNode> render(String kustomization) {
        String yaml = Tool.KUBECTL.run(List.of("kustomize", "k8s/" + kustomization))
                .expect(0, "kubectl kustomize k8s/" + kustomization).output();
        return parse(yaml);
    }

    private static List<JsonNode> parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return objects;
    }

    @Test
    void everyRenderedObjectValidatesStrictly() {
        for (String overlay : List.of("cpu", "gpu")) {
            String output = validate(RENDERED.resolve(overlay + ".yaml").toAbsolutePath())
                    .expect(0, "validate-manifests.mjs on the " + overlay + " overlay").output();
            assertTrue(output.contains((overlay.equals("cpu") ? cpu : gpu).size() + " objects checked, 0 failed"),
                    output);
        }
    }

    @Test
    void brokenManifestsAreRejected() {
        String output = validate(Tool.ROOT.resolve("deploy/src/test/resources/broken/misspelled.yaml"))
                .expect(1, "validate-manifests.mjs on broken manifests").output();
        assertEquals(List.of(
                "FAIL FlinkDeployment/misspelled-job-manager: unknown field /spec/jobManger",
                "FAIL Job/misspelled-resources: unknown field /spec/template/spec/containers/0/resorces",
                "FAIL KafkaTopic/wrong-type: schema: data/spec/partitions must be integer",
                "FAIL FlinkDeployment/bad-upgrade-mode: schema: data/spec/job/upgradeMode must be equal to one of "
                        + "the allowed values",
                "FAIL KafkaTopik/unknown-kind: no schema for apiVersion kafka.strimzi.io/v1 kind KafkaTopik",
                "5 objects checked, 5 failed"), output.lines().toList());
    }

    /** A pod template naming an object that is never applied never starts (the hashed kafka-client ConfigMap). */
    @Test
    void everyObjectAPodTemplateNamesIsRenderedOrCreatedByAnOperator() {
        for (String overlay : List.of("cpu", "gpu")) {
            List<JsonNode> set = overlay.equals("cpu") ? cpu : gpu;
            assertEquals(List.of(), PodReferences.dangling(set), overlay + " overlay");
            assertTrue(PodReferences.references(set).size() >= 10, "the check sees the pod templates");
        }
    }

    @Test
    void danglingReferencesAreReported() throws IOException {
        List<JsonNode> broken = parse(Files.readString(
                Tool.ROOT.resolve("deploy/src/test/resources/broken/dangling-references.yaml")));
        assertEquals(List.of(
                "ServiceAccount/job-runner (Job/job spec.template serviceAccountName)",
                "ConfigMap/settings (Job/job spec.template volume settings)",
                "PersistentVolumeClaim/data (Job/job spec.template volume data)",
                "ServiceAccount/flink (FlinkDeployment/flink spec.serviceAccount)",
                "Secret/tm-secrets (FlinkDeployment/flink spec.taskManager.podTemplate container "
                        + "flink-main-container envFrom)"), PodReferences.dangling(broken));
    }

    @Test
    void theJobRunsInApplicationModeWithDurableStateAndSavepointUpgrades() throws IOException {
        JsonNode flink = only(cpu, "FlinkDeployment").path("spec");
        assertEquals("local:///opt/flink/usrlib/sentiment-job.jar", flink.at("/job/jarURI").asText());
        assertEquals("org.sentimentstream.job.FlinkJobMain", flink.at("/job/entryClass").asText());
        assertEquals("savepoint", flink.at("/job/upgradeMode").asText());
        assertTrue(flink.at("/job/parallelism").asInt() > 0);
        JsonNode conf = flink.path("flinkConfiguration");
        assertEquals("kubernetes", conf.path("high-availability.type").asText());
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertTrue(conf.path(key).asText().startsWith("file:///flink-state/"), key);
        }
        assertEquals("flink-state", volume(flink.path("podTemplate"), "flink-state").at(
                "/persistentVolumeClaim/claimName").asText());
        assertEquals("ReadWriteMany", only(cpu, "PersistentVolumeClaim", "flink-state").at("/spec/accessModes/0")
                .asText());
        assertEquals("flink-main-container", flink.at("/taskManager/podTemplate/spec/containers/0/name").asText());
        assertEquals("flink-main-container", flink.at("/podTemplate/spec/containers/0/name").asText());
        // the image's settings, repeated because the operator replaces conf/; the JDK 17 flags are the operator's
        conf.fieldNames().forEachRemaining(key -> assertFalse(key.startsWith("env.java.default-opts"), key));
        String dockerfile = Files.readString(Tool.ROOT.resolve("docker/job/Dockerfile"));
        for (String key : List.of("classloader.parent-first-patterns.additional",
                "metrics.reporter.prom.factory.class", "metrics.reporter.prom.port")) {
            Matcher value = Pattern.compile(Pattern.quote(key) + ": ([^']+)'").matcher(dockerfile);
            assertTrue(value.find(), key);
            assertEquals(value.group(1), conf.path(key).asText(), key);
        }
    }

    /** The job serves the version model.env names; the trainer only adds versions beside it (--models-dir). */
    @Test
    void theJobServesANamedModelVersionTheTrainerNeverRewrites() throws IOException {
        Properties model = new Properties();
        try (var reader = Files.newBufferedReader(Tool.ROOT.resolve("k8s/base/model/model.env"))) {
            model.load(reader);
        }
        String version = model.getProperty("MODEL_VERSION");
        assertTrue(version != null && version.matches("[A-Za-z0-9][A-Za-z0-9._-]*"), "MODEL_VERSION " + version);
        for (List<JsonNode> set : List.of(cpu, gpu)) {
            JsonNode flink = only(set, "FlinkDeployment");
            assertEquals("/models/" + version, argAfter(flink.at("/spec/job/args"), "--model-dir"));
            assertEquals("models", volume(flink.at("/spec/podTemplate"), "models")
                    .at("/persistentVolumeClaim/claimName").asText());
            JsonNode trainerJob = only(set, "Job", "sentiment-trainer");
            JsonNode trainer = trainerJob.at("/spec/template/spec/containers/0");
            assertEquals("/models", argAfter(trainer.path("args"), "--models-dir"));
            assertFalse(sorted(trainer.path("args")).contains("--model-dir"), "never into a folder that is served");
            assertEquals("models", volume(trainerJob.at("/spec/template"), "models")
                    .at("/persistentVolumeClaim/claimName").asText());
            for (JsonNode mount : trainer.path("volumeMounts")) {
                if (mount.path("name").asText().equals("models")) {
                    assertEquals("/models", mount.path("mountPath").asText());
                }
            }
        }
    }

    /** Re-applying an overlay (the documented upgrade) must not train or replay again: the Jobs are applied apart. */
    @Test
    void oneShotJobsAreAppliedOnTheirOwnNeverWithAnOverlay() {
        for (String overlay : List.of("overlays/cpu", "overlays/gpu")) {
            List<String> kinds = KUSTOMIZATIONS.get(overlay).stream().map(o -> o.path("kind").asText()).toList();
            assertFalse(kinds.contains("Job") || kinds.contains("CronJob"), overlay + ": " + kinds);
        }
        for (String jobs : List.of("jobs/trainer", "jobs/trainer-gpu", "jobs/replay")) {
            List<JsonNode> objects = KUSTOMIZATIONS.get(jobs);
            assertEquals(1, all(objects, "Job").size(), jobs);
            for (JsonNode object : objects) {
                assertTrue(Set.of("Job", "ConfigMap").contains(object.path("kind").asText()), jobs + ": the Job "
                        + "and the ConfigMap the overlay renders identically, never another object of the overlay");
                assertEquals("sentiment-stream", object.at("/metadata/namespace").asText(), jobs);
            }
        }
    }

    /** A claim that pods of more than one workload, or of a multi-pod FlinkDeployment, mount is ReadWriteMany. */
    @Test
    void claimsMountedByPodsThatMayRunAtOnceAreReadWriteMany() {
        for (List<JsonNode> set : List.of(cpu, gpu)) {
            Map<String, Set<String>> owners = new TreeMap<>();
            for (PodReferences.Reference ref : PodReferences.references(set)) {
                if (ref.kind().equals("PersistentVolumeClaim")) {
                    owners.computeIfAbsent(ref.name(), k -> new TreeSet<>()).add(ref.owner());
                }
            }
            assertEquals(Set.of("flink-state", "models", "sentiment-cache"), owners.keySet());
            owners.forEach((claim, by) -> {
                if (by.size() > 1 || by.stream().anyMatch(o -> o.startsWith("FlinkDeployment/"))) {
                    assertEquals("ReadWriteMany", only(set, "PersistentVolumeClaim", claim).at("/spec/accessModes/0")
                            .asText(), claim + " is mounted by " + by);
                }
            });
            assertEquals(Set.of("Job/sentiment-trainer", "Job/sentiment-replay"), owners.get("sentiment-cache"));
        }
    }

    /** The namespaces the NetworkPolicy admits are set in one file, k8s/base/namespaces.env, and only there. */
    @Test
    void networkPolicyNamespacesAreConfigurable() throws IOException {
        Properties defaults = new Properties();
        try (var reader = Files.newBufferedReader(Tool.ROOT.resolve("k8s/base/namespaces.env"))) {
            defaults.load(reader);
        }
        assertEquals(List.of(defaults.getProperty("FLINK_OPERATOR_NAMESPACE"),
                defaults.getProperty("MONITORING_NAMESPACE")), admittedNamespaces(cpu));

        // a copy of k8s/ with other namespaces in that file renders a policy admitting those
        Path copy = RENDERED.resolve("k8s-other-namespaces").toAbsolutePath();
        try (Stream<Path> files = Files.walk(Tool.ROOT.resolve("k8s"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(Tool.ROOT.resolve("k8s").relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(copy.resolve("base/namespaces.env"),
                "FLINK_OPERATOR_NAMESPACE=operators\nMONITORING_NAMESPACE=observability\n");
        List<JsonNode> other = parse(Tool.KUBECTL.run(List.of("kustomize", copy.resolve("overlays/cpu").toString()))
                .expect(0, "kubectl kustomize of k8s/ with other namespaces").output());
        assertEquals(List.of("operators", "observability"), admittedNamespaces(other));
        assertTrue(all(other, "ConfigMap").stream().noneMatch(m -> m.at("/metadata/name").asText()
                .startsWith("cluster-namespaces")), "the values are not applied as a ConfigMap");
    }

    private static List<String> admittedNamespaces(List<JsonNode> set) {
        List<String> namespaces = new ArrayList<>();
        for (JsonNode rule : only(set, "NetworkPolicy", "sentiment-flink").at("/spec/ingress")) {
            JsonNode name = rule.at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name");
            if (!name.isMissingNode()) {
                namespaces.add(name.asText());
            }
        }
        return namespaces;
    }

    @Test
    void kafkaHasATopicPerJobTopicAndTheJobUsesTheScramUser() {
        Set<String> topics = new TreeSet<>();
        for (JsonNode topic : all(cpu, "KafkaTopic")) {
            topics.add(topic.at("/metadata/name").asText());
            long retention = topic.at("/spec/config/retention.ms").asLong();
            // -1: kept for good (the model commands)
            assertTrue(topic.at("/spec/partitions").asInt() > 0 && (retention > 0 || retention == -1));
        }
        assertEquals(new TreeSet<>(TOPICS), topics);
        assertEquals("compact,delete", only(cpu, "KafkaTopic", "accuracy").at("/spec/config/cleanup.policy").asText());
        assertEquals(List.of("broker", "controller"), sorted(only(cpu, "KafkaNodePool").at("/spec/roles")));

        JsonNode user = only(cpu, "KafkaUser");
        assertEquals("scram-sha-512", user.at("/spec/authentication/type").asText());
        Set<String> aclTopics = new TreeSet<>();
        user.at("/spec/authorization/acls").forEach(acl -> {
            if (acl.at("/resource/type").asText().equals("topic")) {
                aclTopics.add(acl.at("/resource/name").asText());
            }
        });
        assertEquals(new TreeSet<>(TOPICS), aclTopics);
        String jaasDir = "/etc/kafka-user";
        String properties = only(cpu, "ConfigMap", "kafka-client").at("/data/client.properties").asText();
        assertTrue(properties.contains("sasl.mechanism=SCRAM-SHA-512") && properties.contains("${dir:" + jaasDir),
                properties);
        for (JsonNode pod : List.of(only(cpu, "FlinkDeployment").at("/spec/podTemplate"),
                only(cpu, "Job", "sentiment-replay").at("/spec/template"))) {
            assertEquals(user.at("/metadata/name").asText(), volume(pod, "kafka-user").at("/secret/secretName")
                    .asText());
            assertEquals("true", pod.at("/metadata/labels/sentiment-stream~1kafka-client").asText(),
                    "Strimzi's listener policy admits only labelled pods");
        }
        JsonNode flinkArgs = only(cpu, "FlinkDeployment").at("/spec/job/args");
        assertEquals("/etc/kafka-client/client.properties", argAfter(flinkArgs, "--kafka-properties"));
    }

    @Test
    void gpuOverlayGivesEachTaskManagerOneGpuAndOneSlot() {
        JsonNode flink = only(gpu, "FlinkDeployment").path("spec");
        assertEquals("sentiment-stream/job-gpu:0.1.0", flink.path("image").asText());
        JsonNode conf = flink.path("flinkConfiguration");
        assertEquals("1", conf.path("taskmanager.numberOfTaskSlots").asText());
        assertEquals("gpu", conf.path("external-resources").asText());
        assertEquals("1", conf.path("external-resource.gpu.amount").asText());
        assertEquals("nvidia.com/gpu", conf.path("external-resource.gpu.kubernetes.config-key").asText());
        JsonNode tm = flink.at("/taskManager/podTemplate/spec/containers/0");
        assertEquals("flink-main-container", tm.path("name").asText());
        assertEquals(1, tm.at("/resources/limits/nvidia.com~1gpu").asInt());
        assertEquals("4096Mi", tm.at("/resources/limits/memory").asText(), "the base's limits are kept");
        JsonNode trainer = only(gpu, "Job", "sentiment-trainer").at("/spec/template/spec/containers/0");
        assertEquals(1, trainer.at("/resources/limits/nvidia.com~1gpu").asInt());
        assertEquals("sentiment-stream/trainer-gpu:0.1.0", trainer.path("image").asText());
        assertTrue(only(gpu, "Job", "sentiment-replay").at("/spec/template/spec/containers/0/resources/limits")
                .path("nvidia.com/gpu").isMissingNode());
        assertFalse(Files.exists(RENDERED.resolve("cpu.yaml")) && readQuietly(RENDERED.resolve("cpu.yaml"))
                .contains("nvidia.com/gpu"), "the cpu overlay asks for no GPU");
    }

    @Test
    void podsRunAsNonRootWithResourcesAndMonitoring() {
        for (JsonNode job : all(cpu, "Job")) {
            JsonNode pod = job.at("/spec/template/spec");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), job.at("/metadata/name").asText());
            for (JsonNode container : pod.path("containers")) {
                assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
                assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
                assertFalse(container.at("/resources/requests/memory").isMissingNode());
                assertFalse(container.at("/resources/limits/memory").isMissingNode());
            }
        }
        JsonNode flinkPod = only(cpu, "FlinkDeployment").at("/spec/podTemplate");
        assertTrue(flinkPod.at("/spec/securityContext/runAsNonRoot").asBoolean());
        assertEquals(9999, flinkPod.at("/spec/securityContext/runAsUser").asInt(), "the flink user of the image");
        assertFalse(flinkPod.at("/spec/containers/0/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals("metrics", only(cpu, "PodMonitor").at("/spec/podMetricsEndpoints/0/port").asText());
        assertEquals(9249, flinkPod.at("/spec/containers/0/ports/0/containerPort").asInt());
        assertEquals("metrics", flinkPod.at("/spec/containers/0/ports/0/name").asText());
        assertEquals(2, all(cpu, "NetworkPolicy").size());
    }

    @Test
    void restartAlertsFireOnALoopAndNotOnARestartThatHealed() throws IOException {
        JsonNode rule = only(cpu, "PrometheusRule");
        assertEquals(List.of("SentimentJobRestarted", "SentimentJobRestartLoop"),
                rule.at("/spec/groups/0/rules").findValuesAsText("alert"));
        // the rule's spec is a Prometheus rules file; promtool runs the alerts on made-up numRestarts series
        YAML.writeValue(RENDERED.resolve("prometheus-rules.yaml").toFile(), rule.path("spec"));
        Files.copy(Tool.ROOT.resolve("deploy/src/test/resources/prometheus/restart-alerts.test.yaml"),
                RENDERED.resolve("restart-alerts.test.yaml"), StandardCopyOption.REPLACE_EXISTING);
        String output = Tool.PROMTOOL.run(List.of("test", "rules",
                RENDERED.resolve("restart-alerts.test.yaml").toAbsolutePath().toString()))
                .expect(0, "promtool test rules on the restart alerts").output();
        assertTrue(output.contains("SUCCESS"), output);
    }

    @Test
    void lifecycleAlertsFireOnLowAccuracyLaggingLabelsAndABetterChallenger() throws IOException {
        JsonNode rule = only(cpu, "PrometheusRule");
        assertEquals(List.of("ModelAccuracyLow", "LabelsLagging", "ChallengerSignificantlyBetter"),
                rule.at("/spec/groups/1/rules").findValuesAsText("alert"));
        YAML.writeValue(RENDERED.resolve("prometheus-rules.yaml").toFile(), rule.path("spec"));
        Files.copy(Tool.ROOT.resolve("deploy/src/test/resources/prometheus/lifecycle-alerts.test.yaml"),
                RENDERED.resolve("lifecycle-alerts.test.yaml"), StandardCopyOption.REPLACE_EXISTING);
        String output = Tool.PROMTOOL.run(List.of("test", "rules",
                RENDERED.resolve("lifecycle-alerts.test.yaml").toAbsolutePath().toString()))
                .expect(0, "promtool test rules on the lifecycle alerts").output();
        assertTrue(output.contains("SUCCESS"), output);
    }

    @Test
    void dashboardConfigMapHoldsTheDashboardFile() throws IOException {
        JsonNode map = only(cpu, "ConfigMap", "grafana-dashboard-sentiment");
        assertEquals(Files.readString(Tool.ROOT.resolve("k8s/base/monitoring/grafana-dashboard-sentiment.json")),
                map.at("/data/grafana-dashboard-sentiment.json").asText());
        assertEquals("1", map.at("/metadata/labels/grafana_dashboard").asText());
    }

    private static Tool.Result validate(Path manifests) {
        Tool.npmPackages();
        return Tool.NODE.run(List.of("deploy/validate-manifests.mjs", manifests.toString()));
    }

    private static List<JsonNode> all(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = all(objects, kind);
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    /** The object of that kind whose name is {@code name} or, for generated ConfigMaps, name plus a hash suffix. */
    private static JsonNode only(List<JsonNode> objects, String kind, String name) {
        List<JsonNode> found = all(objects, kind).stream()
                .filter(o -> o.at("/metadata/name").asText().matches(Pattern.quote(name) + "(-[a-z0-9]{10})?"))
                .toList();
        assertEquals(1, found.size(), kind + "/" + name);
        return found.get(0);
    }

    private static JsonNode volume(JsonNode podTemplate, String name) {
        for (JsonNode volume : podTemplate.at("/spec/volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static String argAfter(JsonNode args, String flag) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).asText().equals(flag)) {
                return args.get(i + 1).asText();
            }
        }
        throw new AssertionError("no " + flag + " in " + args);
    }

    private static List<String> sorted(JsonNode values) {
        List<String> list = new ArrayList<>();
        values.forEach(v -> list.add(v.asText()));
        return list.stream().sorted().toList();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
