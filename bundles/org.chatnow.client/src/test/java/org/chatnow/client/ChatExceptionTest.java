package org.chatnow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class ChatExceptionTest {

    @Test
    void unwrapsWhatFuturesReport() throws InterruptedException {
        ChatException refused = new ChatException(ChatException.ROOM_EXISTS, "room:dev exists");
        CompletableFuture<Void> future = CompletableFuture.failedFuture(refused);
        try {
            future.join();
        } catch (CompletionException e) {
            assertSame(refused, ChatException.of(e));
        }
        try {
            future.get();
        } catch (ExecutionException e) {
            assertSame(refused, ChatException.of(e));
        }
        future.thenApply(v -> v).whenComplete((v, error) -> assertSame(refused, ChatException.of(error)));
        assertTrue(ChatException.of(new CompletionException(new ExecutionException(refused))).is(ChatException.ROOM_EXISTS));
    }

    @Test
    void namesCancellationAndLocalFailures() {
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        cancelled.whenComplete((v, error) -> assertEquals(ChatException.CANCELLED, ChatException.of(error).code()));

        IOException disk = new IOException("No space left on device");
        ChatException local = ChatException.of(new CompletionException(disk));
        assertEquals(ChatException.UNEXPECTED, local.code());
        assertEquals("No space left on device", local.getMessage());
        assertSame(disk, local.getCause());
    }

    @Test
    void codesAreTheProtocols() {
        assertEquals("unknown_conversation", ChatException.UNKNOWN_CONVERSATION);
        assertEquals("room_exists", ChatException.ROOM_EXISTS);
        assertEquals("auth_failed", ChatException.AUTH_FAILED);
    }
}
