package dev.baton.launcher.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.baton.core.config.LogConfig;

/**
 * Found by logback through ServiceLoader before anything logs, so that logback never falls
 * back to its default console appender, which writes to stdout.
 */
public final class BatonLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.configure(context, LogConfig.DEFAULT);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
