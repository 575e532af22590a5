package org.sentimentstream.cli;

import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.JobOptions;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

import java.util.List;

/**
 * Binds the job's options ({@link JobOptions}) to a command: each command that takes some of them declares which,
 * and gets the job's own flag, help line and default, read into a {@link JobConfig.Builder}.
 */
final class JobFlags {
    private JobFlags() {}

    /** Adds every job option to {@code spec}, writing into {@code target}. */
    static void addAll(CommandSpec spec, JobConfig.Builder target) {
        JobOptions.ALL.forEach(option -> spec.addOption(flag(option, target)));
    }

    /** Adds the job options named by {@code flags} to {@code spec}, writing into {@code target}. */
    static void add(CommandSpec spec, JobConfig.Builder target, List<String> flags) {
        flags.forEach(flag -> spec.addOption(flag(JobOptions.named(flag), target)));
    }

    private static OptionSpec flag(JobOptions.JobOption option, JobConfig.Builder target) {
        // no initial value: picocli would reset each option to it before parsing, over the builder's default
        OptionSpec.Builder builder = OptionSpec.builder(option.flag()).description(option.help())
                .hasInitialValue(false)
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        option.applyTo(target, String.valueOf(value));
                        return null;
                    }
                });
        if (option.isSwitch()) {
            return builder.arity("0").type(boolean.class).build();
        }
        // a value the job cannot read is refused while parsing, in picocli's one line naming the option
        ITypeConverter<String> checked = text -> {
            try {
                option.apply().accept(new JobConfig.Builder(), text);
                return text;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
        return builder.arity("1").type(String.class).paramLabel(option.label()).converters(checked).build();
    }
}
