package org.chatnow.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.chatnow.client.RoomInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "rooms", mixinStandardHelpOptions = true,
    description = "Lists the rooms: name, members, whether you joined, topic. "
        + "With --json: {\"name\":...,\"conversation\":...,\"topic\":...,\"members\":N,\"joined\":true|false} per room.")
final class RoomsCommand implements Callable<Integer> {

    @ParentCommand
    ChatNowCli cli;

    @Override
    public Integer call() {
        Output output = cli.output();
        try (ChatSession session = ChatSession.open(cli)) {
            List<RoomInfo> rooms = session.await(session.client().rooms(), "list rooms");
            if (!output.json()) {
                output.text(String.format("%-33s %7s  %-6s  %s", "ROOM", "MEMBERS", "JOINED", "TOPIC"));
            }
            for (RoomInfo room : rooms) {
                print(output, room);
            }
            return CliException.OK;
        }
    }

    /** One room as a table row, or as JSON. */
    static void print(Output output, RoomInfo room) {
        if (output.json()) {
            output.object("name", room.name(), "conversation", room.conversation(), "topic", room.topic(),
                "members", room.members(), "joined", room.joined());
        } else {
            output.text(String.format("%-33s %7d  %-6s  %s", "#" + Output.safe(room.name()), room.members(),
                room.joined() ? "yes" : "no", room.topic() == null ? "" : Output.safe(room.topic())));
        }
    }
}
