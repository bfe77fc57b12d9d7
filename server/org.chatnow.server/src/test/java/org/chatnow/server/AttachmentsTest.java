package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.client.SharedFile;
import org.chatnow.client.TransferListener;
import org.chatnow.protocol.ErrorCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Files sent into a conversation: its members read them, nobody else does, and the shared folder never lists them. */
class AttachmentsTest extends ServerTestSupport {
    private ChatClient alice;
    private ChatClient bob;
    private ChatClient carol;

    @BeforeEach
    void start() throws Exception {
        startServer(config());
        login("alice");
        alice = last();
        login("bob");
        bob = last();
        login("carol");
        carol = last();
    }

    private Path out(String name, int size) throws Exception {
        Path dir = Files.createDirectories(data.resolveSibling(data.getFileName() + "-out"));
        return SharedFilesTest.randomFile(dir, name, size, size);
    }

    private Path in(String name) throws Exception {
        return Files.createDirectories(data.resolveSibling(data.getFileName() + "-in")).resolve(name);
    }

    @Test
    void aFileSentPrivatelyReachesTheOtherPartyOnly() throws Exception {
        String dm = Conversations.direct("alice", "bob");
        Path source = out("notes.bin", 300_000);
        // before any message: the file may come first, the link after it
        SharedFile sent = alice.files().attach(dm, source, "notes.bin", TransferListener.NONE).result().get(20, TimeUnit.SECONDS);
        assertTrue(sent.name().matches("[0-9a-f]{32}/notes\\.bin"), sent.name());
        assertEquals(SharedFilesTest.sha256(source), sent.sha256());

        Path got = in("from-alice.bin");
        bob.files().downloadAttachment(dm, sent.name(), got, TransferListener.NONE).result().get(20, TimeUnit.SECONDS);
        assertEquals(SharedFilesTest.sha256(source), SharedFilesTest.sha256(got), "bob, the other party, downloads it");

        assertEquals(ErrorCodes.UNKNOWN_FILE, refusal(carol.files().downloadAttachment(dm, sent.name(), in("carol.bin"), TransferListener.NONE).result()),
            "carol is not in the conversation");
        assertEquals(ErrorCodes.UNKNOWN_FILE, refusal(carol.files().downloadAttachment(Conversations.direct("alice", "carol"), sent.name(),
            in("carol2.bin"), TransferListener.NONE).result()), "nor does naming her own conversation with alice help");
        assertEquals(ErrorCodes.UNKNOWN_FILE, refusal(bob.files().downloadAttachment(dm, "../../files/x", in("x.bin"), TransferListener.NONE).result()));
        assertTrue(get(alice.files().list()).isEmpty(), "attachments are not in the shared folder");

        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(carol.files().attach(dm, source, "mine.bin", TransferListener.NONE).result()),
            "carol cannot send into alice and bob's conversation");
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(alice.files().attach(Conversations.direct("alice", "nobody"), source, "x.bin",
            TransferListener.NONE).result()), "nor to someone who does not exist");
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(alice.files().attach("dm:alice:alice", source, "x.bin",
            TransferListener.NONE).result()), "nor to herself");
    }

    @Test
    void aRoomsFilesAreForItsMembers() throws Exception {
        get(alice.createRoom("dev", "builds"));
        Path source = out("build.log", 50_000);
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(bob.files().attach("room:dev", source, "b.log", TransferListener.NONE).result()),
            "not a member yet");
        SharedFile sent = alice.files().attach("room:dev", source, "build.log", TransferListener.NONE).result().get(20, TimeUnit.SECONDS);
        assertEquals(ErrorCodes.UNKNOWN_FILE, refusal(bob.files().downloadAttachment("room:dev", sent.name(), in("b1.log"), TransferListener.NONE).result()));
        get(bob.joinRoom("dev"));
        Path got = in("b2.log");
        bob.files().downloadAttachment("room:dev", sent.name(), got, TransferListener.NONE).result().get(20, TimeUnit.SECONDS);
        assertEquals(SharedFilesTest.sha256(source), SharedFilesTest.sha256(got), "once he joined");
    }
}
