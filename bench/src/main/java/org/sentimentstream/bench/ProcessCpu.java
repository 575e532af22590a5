package org.sentimentstream.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this whole process (every thread, TensorFlow's included), the measure of what a review costs. */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
