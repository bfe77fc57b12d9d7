package org.chatnow.cli;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.chatnow.client.ChatClient;
import org.chatnow.client.RoomInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "room", mixinStandardHelpOptions = true, description = "Creates, joins or leaves a room.")
final class RoomCommand {

    @ParentCommand
    ChatNowCli cli;

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Creates a room and joins it. Names: lower-case letters, digits, '.', '_' and '-'.")
    int create(@Parameters(paramLabel = "<name>", description = "The room's name, without '#'.") String name,
        @Option(names = "--topic", paramLabel = "TEXT", description = "What the room is about.") String topic) {
        return run(name, "create", "created", client -> client.createRoom(roomName(name), topic));
    }

    @Command(name = "join", mixinStandardHelpOptions = true, description = "Joins a room: its messages reach you from now on.")
    int join(@Parameters(paramLabel = "<name>", description = "The room's name, without '#'.") String name) {
        return run(name, "join", "joined", client -> client.joinRoom(roomName(name)));
    }

    @Command(name = "leave", mixinStandardHelpOptions = true, description = "Leaves a room (everyone stays in #lobby).")
    int leave(@Parameters(paramLabel = "<name>", description = "The room's name, without '#'.") String name) {
        return run(name, "leave", "left", client -> client.leaveRoom(roomName(name)));
    }

    /** Accepts "dev", "#dev" and "room:dev" alike. */
    private static String roomName(String name) {
        String n = name.strip();
        if (n.startsWith("#")) {
            n = n.substring(1);
        } else if (n.startsWith("room:")) {
            n = n.substring("room:".length());
        }
        if (n.isEmpty()) {
            throw CliException.usage("name a room");
        }
        return n;
    }

    private int run(String name, String action, String done, Function<ChatClient, CompletableFuture<RoomInfo>> request) {
        roomName(name);
        Output output = cli.output();
        try (ChatSession session = ChatSession.open(cli)) {
            RoomInfo room = session.await(request.apply(session.client()), action + " room");
            if (output.json()) {
                RoomsCommand.print(output, room);
            } else {
                output.text(done + " #" + Output.safe(room.name()) + " (" + room.members() + (room.members() == 1 ? " member" : " members")
                    + (room.topic() == null || room.topic().isEmpty() ? "" : ", topic: " + Output.safe(room.topic())) + ")");
            }
            return CliException.OK;
        }
    }
}
