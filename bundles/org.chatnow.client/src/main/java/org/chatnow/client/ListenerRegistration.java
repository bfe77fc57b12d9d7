package org.chatnow.client;

/**
 * A listener added to a {@link ChatClient}. {@link #close()} removes it; it throws nothing and may be called more than
 * once. Events already handed to the listener's executor may still run after it.
 */
public interface ListenerRegistration extends AutoCloseable {

    @Override
    void close();
}
