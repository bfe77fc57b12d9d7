package org.chatnow.ui.chat.internal.editor;

import java.util.concurrent.CompletionException;

/** What went wrong, out of the wrapping a client future adds. */
final class Failures {
    private Failures() {
    }

    static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
