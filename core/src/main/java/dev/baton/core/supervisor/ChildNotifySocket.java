package dev.baton.core.supervisor;

import dev.baton.core.os.NotifyChannel;
import dev.baton.core.spi.NotifySocket;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The OS seam's notify channel, as a check sees it through the SPI ({@code ChildLaunch.openNotifySocket}). */
final class ChildNotifySocket implements NotifySocket {
    private final NotifyChannel channel;

    ChildNotifySocket(NotifyChannel channel) {
        this.channel = channel;
    }

    @Override
    public Path path() {
        return channel.path();
    }

    @Override
    public Optional<Datagram> receive(boolean wait) throws IOException {
        return channel.receive(wait).map(d -> new Datagram(d.senderPid(), d.senderProcessGroup(), d.text()));
    }

    @Override
    public void close() {
        channel.close();
    }
}
