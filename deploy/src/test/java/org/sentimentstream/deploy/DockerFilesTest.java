package org.sentimentstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * docker/ and the YAML of the repository, offline: every YAML file passes yamllint, every Dockerfile passes
 * dockerfilelint and names a pinned base image, the compose file passes docker-compose config, and the pieces that
 * must agree (reporter port and Prometheus targets, the provisioned dashboard) do. Each linter is also shown a broken
 * file it must reject. Proves the files are well-formed and consistent, not that the images build (that is
 * docker/check-images.sh).
 */
class DockerFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path BROKEN = Tool.ROOT.resolve("deploy/src/test/resources/broken");
    private static final String VERSION = "0123456789abcdef";
    private static final Map<String, String> IMDB = Map.of("IMDB_ARCHIVE", "/data/aclImdb_v1.tar.gz",
            "MODEL_VERSION", VERSION);

    @Test
    void everyYamlFilePassesYamllint() {
        Tool.YAMLLINT.run(List.of("--strict", "-c", "deploy/yamllint.yaml", "docker", "k8s", "deploy/yamllint.yaml"))
                .expect(0, "yamllint");
    }

    @Test
    void yamllintRejectsADuplicateKey() {
        String output = Tool.YAMLLINT.run(List.of("--strict", "-c", "deploy/yamllint.yaml",
                BROKEN.resolve("duplicate-key.yaml").toString())).expect(1, "yamllint on a broken file").output();
        assertTrue(output.contains("duplication of key"), output);
    }

    @Test
    void everyDockerfilePassesTheLinter() throws IOException {
        List<Path> dockerfiles = dockerfiles();
        assertEquals(5, dockerfiles.size(), dockerfiles.toString());
        for (Path dockerfile : dockerfiles) {
            dockerfilelint(dockerfile).expect(0, "dockerfilelint " + dockerfile);
        }
    }

    @Test
    void dockerfileLinterRejectsABrokenDockerfile() {
        Tool.Result result = dockerfilelint(BROKEN.resolve("Dockerfile"));
        assertTrue(result.exitCode() > 0, "exit code " + result.exitCode());
        assertTrue(result.output().contains("Capitalize") && result.output().contains("apt-get"), result.output());
    }

    /** The linter cannot read ARG defaults (its missing_tag rule is off): every base image default is pinned here. */
    @Test
    void everyBaseImageIsAPinnedBuildArg() throws IOException {
        Pattern arg = Pattern.compile("(?m)^ARG (\\w+_IMAGE)=(\\S+)$");
        Pattern from = Pattern.compile("(?m)^FROM (\\S+)");
        for (Path dockerfile : dockerfiles()) {
            String text = Files.readString(dockerfile);
            Map<String, String> defaults = new java.util.HashMap<>();
            for (Matcher m = arg.matcher(text); m.find(); ) {
                defaults.put(m.group(1), m.group(2));
                String tag = m.group(2).substring(m.group(2).lastIndexOf(':') + 1);
                assertTrue(m.group(2).contains(":") && !tag.equals("latest"), dockerfile + ": " + m.group());
            }
            for (Matcher m = from.matcher(text); m.find(); ) {
                String image = m.group(1).replaceAll("^\\$\\{(\\w+)}$", "$1");
                assertTrue(defaults.containsKey(image), dockerfile + ": FROM " + m.group(1)
                        + " must come from an ARG with a pinned default");
            }
        }
        assertTrue(Files.readString(Tool.ROOT.resolve("docker/job/Dockerfile"))
                .contains("ARG FLINK_IMAGE=flink:2.2.1-scala_2.12-java17"));
    }

    @Test
    void composeFilePassesDockerComposeConfig() {
        Tool.DOCKER_COMPOSE.run(List.of("-f", "docker/compose.yaml", "config", "-q"), IMDB)
                .expect(0, "docker-compose config");
    }

    /** The stack serves the model version it is given, and trains (a new version beside the others) only if asked. */
    @Test
    void composeServesTheNamedModelVersionAndTrainsOnlyWhenAsked() throws IOException {
        JsonNode compose = YAML.readTree(Tool.DOCKER_COMPOSE.run(List.of("-f", "docker/compose.yaml", "config"), IMDB)
                .expect(0, "docker-compose config").output());
        String command = compose.at("/services/jobmanager/command").toString();
        assertTrue(command.contains("--model-dir /models/" + VERSION), command);
        JsonNode trainer = compose.at("/services/trainer");
        assertEquals(List.of("train"), YAML.convertValue(trainer.path("profiles"), List.class));
        assertEquals(List.of("--models-dir", "/models"), YAML.convertValue(trainer.path("command"), List.class)
                .subList(0, 2));
        assertTrue(compose.at("/services/jobmanager/depends_on/trainer").isMissingNode());
        String unnamed = Tool.DOCKER_COMPOSE.run(List.of("-f", "docker/compose.yaml", "config", "-q"),
                Map.of("IMDB_ARCHIVE", "/data/aclImdb_v1.tar.gz")).expect(1, "docker-compose config, no version")
                .output();
        assertTrue(unnamed.contains("set MODEL_VERSION"), unnamed);
    }

    /**
     * Flink 2.2 keeps the JDK 17 --add-opens/--add-exports flags in conf/config.yaml's env.java.opts.all, and its
     * scripts join env.java.default-opts.all and env.java.opts.all: an env.java.* key appended by the job image would
     * replace them. The image sets none (DJL goes offline by DJL_OFFLINE); the stand-in base carries the
     * distribution's key and its entrypoint takes the flags only from there, so the image check runs with what the
     * configuration holds.
     */
    @Test
    void theJobImageKeepsFlinksJdk17Options() throws IOException {
        String dockerfile = Files.readString(Tool.ROOT.resolve("docker/job/Dockerfile"));
        assertFalse(Pattern.compile("(?m)^\\s*'env\\.java\\.").matcher(dockerfile).find(), "no env.java.* key");
        assertTrue(dockerfile.contains("DJL_OFFLINE=true"));
        String standin = Files.readString(Tool.ROOT.resolve("docker/standin/config.yaml"));
        Matcher opts = Pattern.compile("(?m)^env\\.java\\.opts\\.all: (.+)$").matcher(standin);
        assertTrue(opts.find(), "the stand-in carries env.java.opts.all");
        List<String> flags = List.of(opts.group(1).split(" "));
        for (String flag : List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/sun.net.util=ALL-UNNAMED")) {
            assertTrue(flags.contains(flag), flag);
        }
        String entrypoint = Files.readString(Tool.ROOT.resolve("docker/standin/docker-entrypoint.sh"));
        assertFalse(entrypoint.contains("--add-opens"), "the flags come from the configuration only");
        assertTrue(entrypoint.contains("env\\.java\\.opts\\.all")
                && entrypoint.contains("env\\.java\\.default-opts\\.all"), "read as Flink's config.sh joins them");
    }

    @Test
    void dockerComposeRejectsAMisspelledKey() {
        String output = Tool.DOCKER_COMPOSE.run(List.of("-f", BROKEN.resolve("compose.yaml").toString(), "config",
                "-q"), IMDB).expect(1, "docker-compose config on a broken file").output();
        assertTrue(output.contains("imagee"), output);
    }

    @Test
    void prometheusScrapesTheReporterPortOfTheImage() throws IOException {
        String dockerfile = Files.readString(Tool.ROOT.resolve("docker/job/Dockerfile"));
        Matcher port = Pattern.compile("metrics\\.reporter\\.prom\\.port: (\\d+)").matcher(dockerfile);
        assertTrue(port.find() && dockerfile.contains("EXPOSE " + port.group(1)));
        JsonNode prometheus = YAML.readTree(Tool.ROOT.resolve("docker/prometheus/prometheus.yml").toFile());
        assertEquals(List.of("jobmanager:" + port.group(1), "taskmanager:" + port.group(1)),
                YAML.convertValue(prometheus.at("/scrape_configs/0/static_configs/0/targets"), List.class));
    }

    @Test
    void grafanaIsProvisionedWithTheDashboardOfK8s() throws IOException {
        JsonNode compose = YAML.readTree(Tool.ROOT.resolve("docker/compose.yaml").toFile());
        List<String> volumes = YAML.convertValue(compose.at("/services/grafana/volumes"), List.class);
        assertTrue(volumes.contains(
                "../k8s/base/monitoring/grafana-dashboard-sentiment.json:/var/lib/grafana/dashboards/sentiment.json:ro"),
                volumes.toString());
        JsonNode provider = YAML.readTree(Tool.ROOT.resolve(
                "docker/grafana/provisioning/dashboards/sentiment.yaml").toFile());
        assertEquals("/var/lib/grafana/dashboards", provider.at("/providers/0/options/path").asText());
        JsonNode dashboard = new ObjectMapper().readTree(Tool.ROOT.resolve(
                "k8s/base/monitoring/grafana-dashboard-sentiment.json").toFile());
        assertFalse(dashboard.path("uid").asText().isEmpty());
        assertTrue(dashboard.path("panels").isArray());
    }

    private static Tool.Result dockerfilelint(Path dockerfile) {
        Path modules = Tool.npmPackages();
        return Tool.NODE.run(List.of(modules.resolve("dockerfilelint/bin/dockerfilelint").toString(), "-c", "docker",
                dockerfile.toString()));
    }

    private static List<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.walk(Tool.ROOT.resolve("docker"))) {
            return files.filter(p -> p.getFileName().toString().equals("Dockerfile"))
                    .filter(p -> !p.toString().contains("/target/")).sorted().toList();
        }
    }
}
