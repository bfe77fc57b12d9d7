package org.chatnow.cli;

import org.chatnow.client.Conversations;

/** Turns what a user types to name a conversation into its id. */
final class Targets {
    static final String SYNTAX = "'#room', room:NAME, @USER or a conversation id such as dm:alice:bob";

    private Targets() {
    }

    /**
     * The conversation named by {@code target} as seen by {@code me}: {@code #room} and {@code room:name} name a
     * room, {@code @user} the private conversation with that user, {@code dm:a:b} is taken as it is. A private
     * conversation with oneself is refused here, as the server would.
     */
    static String conversation(String target, String me) {
        String t = target == null ? "" : target.strip();
        if (t.startsWith("#") && t.length() > 1) {
            return Conversations.room(t.substring(1));
        }
        if (t.startsWith("room:") && t.length() > "room:".length()) {
            return t;
        }
        if (t.startsWith("@") && t.length() > 1) {
            try {
                return Conversations.direct(me, t.substring(1));
            } catch (IllegalArgumentException e) {
                throw CliException.refused(e.getMessage());
            }
        }
        if (Conversations.isDirect(t)) {
            return t;
        }
        if (t.isEmpty() || t.equals("#")) {
            throw CliException.usage("name a conversation: " + SYNTAX);
        }
        throw CliException.usage("'" + t + "' is not a conversation: use " + SYNTAX
            + (t.indexOf(':') < 0 ? " (e.g. '#" + t + "' or @" + t + ")" : ""));
    }
}
