package org.chatnow.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every frame of the ChatNow protocol. On the wire a frame is a 4-byte big-endian length followed by that many
 * bytes of UTF-8 JSON whose {@code type} property names the record below. docs/protocol.md is the contract.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Frame.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Frame.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = Frame.Login.class, name = "login"),
    @JsonSubTypes.Type(value = Frame.LoginOk.class, name = "login_ok"),
    @JsonSubTypes.Type(value = Frame.Send.class, name = "send"),
    @JsonSubTypes.Type(value = Frame.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = Frame.Message.class, name = "message"),
    @JsonSubTypes.Type(value = Frame.Users.class, name = "users"),
    @JsonSubTypes.Type(value = Frame.Presence.class, name = "presence"),
    @JsonSubTypes.Type(value = Frame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Frame.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = Frame.Logout.class, name = "logout"),
    @JsonSubTypes.Type(value = Frame.Kicked.class, name = "kicked"),
    @JsonSubTypes.Type(value = Frame.Error.class, name = "error"),
})
public sealed interface Frame {

    /** Client's first frame: the protocol version it speaks and a free-form client name. */
    record Hello(int version, String client) implements Frame {
    }

    /** Server's answer to {@link Hello}: the version it will speak and the largest frame it accepts. */
    record Welcome(int version, String server, int maxFrameBytes) implements Frame {
    }

    /** Log in as {@code user}. {@code id} is the client's request id, echoed in the answer. */
    record Login(String id, String user, String password) implements Frame {
    }

    /** Successful login; {@code user} is the account name as the server spells it. */
    record LoginOk(String id, String user) implements Frame {
    }

    /** A chat message from the client to a conversation such as {@code room:lobby}. */
    record Send(String id, String conversation, String text) implements Frame {
    }

    /** The server stored the message of request {@code id} under sequence number {@code seq}. */
    record Ack(String id, String conversation, long seq) implements Frame {
    }

    /** A stored message delivered to a member of its conversation. {@code time} is epoch milliseconds. */
    record Message(String conversation, long seq, String from, long time, String text) implements Frame {
    }

    /** The full list of users online, sent after login. */
    record Users(List<String> users) implements Frame {
        public Users {
            users = List.copyOf(users);
        }
    }

    /** A change of one user's presence: {@code online} or {@code offline}. */
    record Presence(String user, String status) implements Frame {
        public static final String ONLINE = "online";
        public static final String OFFLINE = "offline";
    }

    /** Keep-alive request; answered by {@link Pong} with the same id. */
    record Ping(String id) implements Frame {
    }

    /** Keep-alive answer. */
    record Pong(String id) implements Frame {
    }

    /** The client leaves; the server closes the connection. */
    record Logout() implements Frame {
    }

    /** The server ends this session (e.g. the account logged in elsewhere); the client must not reconnect by itself. */
    record Kicked(String reason) implements Frame {
    }

    /** A refused request or a broken frame. {@code id} names the request when there is one; codes: see {@link ErrorCodes}. */
    record Error(String id, String code, String message) implements Frame {
    }
}
