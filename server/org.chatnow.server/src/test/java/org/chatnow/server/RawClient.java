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

    Frame read() throws Exception {
        int length = in.readInt();
        byte[] payload = in.readNBytes(length);
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
