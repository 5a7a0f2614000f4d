package dev.baton.core.notify;

/** Sends sd_notify messages to the service manager. A null object when there is none. */
public interface Notifier {
    Notifier NONE = new Notifier() {
        @Override
        public void send(String message) {
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    /** One datagram, e.g. {@code "READY=1\nSTATUS=serving"}. Never throws; failures are dropped. */
    void send(String message);

    boolean enabled();
}
