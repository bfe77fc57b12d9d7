package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.Limits;

/** A hand-driven protocol connection, for what the client library does not let one do (or hides). */
final class RawClient implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;
    private int ids;

    private RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** Connects without a word: what is sent first is up to the caller. */
    static RawClient open(int port) throws IOException {
        return new RawClient(port);
    }

    /** Connects and says hello. */
    static RawClient connect(int port) throws Exception {
        RawClient raw = new RawClient(port);
        raw.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "raw"));
        raw.readUntil(Frame.Welcome.class);
        return raw;
    }

    String nextId() {
        return "raw-" + (++ids);
    }

    void write(Frame frame) throws IOException {
        byte[] payload = FrameJson.toBytes(frame);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** The next JSON frame; a binary frame here fails (read those from {@link #in}). */
    Frame read() throws Exception {
        int word = in.readInt();
        if (word < 0) {
            throw new IOException("unexpected binary frame of " + (word & 0x7fff_ffff) + " bytes");
        }
        byte[] payload = in.readNBytes(word);
        return FrameJson.fromBytes(payload, 0, payload.length);
    }

    <T extends Frame> T readUntil(Class<T> type) throws Exception {
        while (true) {
            Frame frame = read();
            if (type.isInstance(frame)) {
                return type.cast(frame);
            }
            if (frame instanceof Frame.Error e) {
                fail("expected " + type.getSimpleName() + ", got " + e);
            }
        }
    }

    Frame.Error readError() throws Exception {
        while (true) {
            Frame frame = read();
            if (frame instanceof Frame.Error e) {
                return e;
            }
        }
    }

    Frame.LoginOk login(String user, String password, String resume) throws Exception {
        return login(user, password, resume, null);
    }

    Frame.LoginOk login(String user, String password, String resume, Map<String, Long> have) throws Exception {
        write(new Frame.Login(nextId(), user, password, resume, have));
        Frame.LoginOk ok = readUntil(Frame.LoginOk.class);
        return ok;
    }

    String loginRefused(String user, String password, String resume) throws Exception {
        write(new Frame.Login(nextId(), user, password, resume, null));
        return readError().code();
    }

    void admin(String secret, String action, String user, String password) throws Exception {
        write(new Frame.Admin(nextId(), secret, action, user, password, null));
        readUntil(Frame.Ok.class);
    }

    String adminRefused(String secret, String action, String user, String password) throws Exception {
        write(new Frame.Admin(nextId(), secret, action, user, password, null));
        return readError().code();
    }

    void logout() throws Exception {
        write(new Frame.Logout());
        try {
            while (true) {
                read();
            }
        } catch (IOException e) {
            // closed by the server, as expected
        }
    }

    /** Connects, says hello and logs {@code user} in with password "password-of-user". */
    static RawClient loggedIn(int port, String user) throws Exception {
        RawClient raw = connect(port);
        raw.login(user, "password-of-" + user, null);
        return raw;
    }

    /** Reads until the server closes the connection; true once it has. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                int word = in.readInt();
                in.skipNBytes(word & 0x7fff_ffff);
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
