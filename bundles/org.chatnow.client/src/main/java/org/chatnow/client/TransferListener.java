package org.chatnow.client;

/** Progress of a {@link FileTransfer}; called on a network thread, so pass UI work to the UI thread. */
public interface TransferListener {

    /** {@code done} of {@code total} bytes have been transferred (resumed bytes count as done). */
    void progress(long done, long total);

    /** The connection broke; the transfer resumes by itself ({@code attempt} counts the retries). */
    default void retrying(String why, int attempt) {
    }

    /** No progress reports. */
    TransferListener NONE = (done, total) -> {
    };
}
