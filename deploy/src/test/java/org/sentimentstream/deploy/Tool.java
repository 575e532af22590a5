package org.sentimentstream.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An external checker the tests run (yamllint, kubectl, node, docker-compose, promtool), from the repository root. */
record Tool(String name, String install) {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    static final Tool YAMLLINT = new Tool("yamllint", "apt-get install yamllint");
    static final Tool KUBECTL = new Tool("kubectl", "install kubectl (kustomize is built in)");
    static final Tool NODE = new Tool("node", "install Node.js, then npm ci in deploy/");
    static final Tool DOCKER_COMPOSE = new Tool("docker-compose", "apt-get install docker-compose");
    static final Tool PROMTOOL = new Tool("promtool", "apt-get install prometheus (it ships promtool)");

    /** What a run printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {
        Result expect(int code, String what) {
            if (exitCode != code) {
                fail(what + ": exit code " + exitCode + ", expected " + code + "\n" + output);
            }
            return this;
        }
    }

    Result run(List<String> args) {
        return run(args, Map.of());
    }

    /** Runs the tool with args from the repository root, within two minutes; a missing tool fails with its fix. */
    Result run(List<String> args, Map<String, String> environment) {
        List<String> command = new java.util.ArrayList<>(List.of(name));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            // the output goes to a file, so a tool that hangs cannot block us before the timeout is checked
            Path output = Files.createTempFile("deploy-tool", ".out");
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(name + " did not finish in 2 minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            return fail(name + " is needed for this check and could not be run (" + e.getMessage() + "): "
                    + install + "; .ci/run installs it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** The pinned npm packages of deploy/package-lock.json, installed by npm ci. */
    static Path npmPackages() {
        Path modules = ROOT.resolve("deploy/node_modules");
        if (!Files.isDirectory(modules.resolve("kubernetes-models"))) {
            fail("deploy/node_modules is missing: the build runs npm ci in deploy/ (mvn verify), or run it there");
        }
        return modules;
    }
}
