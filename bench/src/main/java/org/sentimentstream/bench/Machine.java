package org.sentimentstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line saying what the figures were measured on. */
final class Machine {
    private Machine() {}

    static String describe() {
        return String.format(Locale.ROOT, "Machine: %s, %d cores visible to the JVM, %.0f GiB RAM; %s %s; Java %s "
                        + "(%s); measured %s.", cpuModel(), Runtime.getRuntime().availableProcessors(),
                memoryGiB(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), java.time.LocalDate.now());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static double memoryGiB() {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }
}
