package org.chatnow.ui;

/**
 * Identifiers that UI bundles share without depending on each other: commands are executed by id, so a bundle can
 * be replaced by another that contributes the same command.
 */
public final class UiIds {
    /** Command: open the login dialog and connect. */
    public static final String COMMAND_CONNECT = "org.chatnow.ui.connection.connect";
    /** Command: log out and disconnect. */
    public static final String COMMAND_DISCONNECT = "org.chatnow.ui.connection.disconnect";
    /** Command: reconnect now (after a network loss), or log in again to the last server. */
    public static final String COMMAND_RECONNECT = "org.chatnow.ui.connection.reconnect";
    /** Command: open the chat editor of a conversation, named by {@link #PARAMETER_CONVERSATION}. */
    public static final String COMMAND_OPEN_CONVERSATION = "org.chatnow.ui.chat.openConversation";
    /** Command: share {@link #PARAMETER_FILE} through the shared folder and post a link to it in the room in front. */
    public static final String COMMAND_SEND_FILE = "org.chatnow.ui.chat.sendFile";
    /** Parameter of {@link #COMMAND_SEND_FILE}: the file's path (without it, a dialog asks). */
    public static final String PARAMETER_FILE = "org.chatnow.ui.chat.file";
    /** Command: insert {@link #PARAMETER_TEXT} at the caret of the conversation in front (its message input). */
    public static final String COMMAND_INSERT_TEXT = "org.chatnow.ui.chat.insertText";
    /** Parameter of {@link #COMMAND_INSERT_TEXT}: the text to insert. */
    public static final String PARAMETER_TEXT = "org.chatnow.ui.chat.text";
    /** Parameter of {@link #COMMAND_OPEN_CONVERSATION}: the conversation id, e.g. "room:lobby". */
    public static final String PARAMETER_CONVERSATION = "org.chatnow.ui.chat.conversation";
    /** The online users view. */
    public static final String VIEW_USERS = "org.chatnow.ui.users.view";
    /** The chat editor. */
    public static final String EDITOR_CHAT = "org.chatnow.ui.chat.editor";
    /** The root "ChatNow" preference page; other bundles put their pages under it (category in plugin.xml). */
    public static final String PREFERENCE_PAGE_ROOT = "org.chatnow.ui.connection.preferencePage";
    /** The main perspective. */
    public static final String PERSPECTIVE = "org.chatnow.app.perspective";

    /**
     * Key of {@link org.eclipse.swt.widgets.Widget#setData(String, Object)} naming a widget's role (e.g. "input",
     * "transcript"), so tests and accessibility tools can find it.
     */
    public static final String WIDGET_ROLE = "org.chatnow.widgetRole";

    private UiIds() {
    }
}
