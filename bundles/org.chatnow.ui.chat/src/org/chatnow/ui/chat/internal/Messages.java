package org.chatnow.ui.chat.internal;

import org.eclipse.osgi.util.NLS;

/** The chat editor's user-visible strings (messages.properties). */
public final class Messages extends NLS {
    public static String Transcript_today;
    public static String Transcript_yesterday;
    public static String Transcript_sending;
    public static String Transcript_failed;
    public static String Transcript_failedBecause;
    public static String Transcript_retry;
    public static String Transcript_cancel;
    public static String ChatEditor_cannotCancel;
    public static String Links_opening;
    public static String Links_cannotOpen;
    public static String ChatEditor_send;
    public static String ChatEditor_notConnected;
    public static String ChatEditor_privateHeader;
    public static String ChatEditor_privateHeaderUnknown;
    public static String ChatEditor_notSent;
    public static String ChatEditor_noPrivateYetReason;
    public static String ChatEditor_connectedAs;
    public static String ChatEditor_offline;
    public static String ChatEditor_kicked;
    public static String ChatEditor_unreadTitle;
    public static String ChatEditor_loadingEarlier;
    public static String ChatEditor_beginning;
    public static String ChatEditor_noMessagesYet;
    public static String ChatEditor_historyFailed;
    public static String ChatEditor_newMessages;
    public static String ChatEditor_seen;
    public static String ChatEditor_typingOne;
    public static String ChatEditor_typingTwo;
    public static String ChatEditor_typingMany;
    public static String ChatEditor_sendFile;
    public static String ChatEditor_sendFileTooltip;
    public static String ChatEditor_sendFilePrivateTooltip;
    public static String ChatEditor_sendFileDialog;
    public static String ChatEditor_fileMessage;
    public static String ChatEditor_uploading;
    public static String ChatEditor_attaching;
    public static String ChatEditor_uploadFailed;
    public static String ChatEditor_downloading;
    public static String ChatEditor_preview;
    public static String Search_title;
    public static String Search_hint;
    public static String Search_find;
    public static String Search_when;
    public static String Search_from;
    public static String Search_text;
    public static String Search_older;
    public static String Search_searching;
    public static String Search_failed;
    public static String Search_none;
    public static String Search_found;
    public static String Search_foundOne;
    public static String Search_foundMore;
    public static String Search_notLoaded;
    public static String ChatEditor_downloaded;
    public static String ChatEditor_downloadCancelled;
    public static String ChatEditor_downloadFailed;
    public static String ConversationInput_lobbyTooltip;
    public static String ConversationInput_directTooltip;
    public static String ChatPreferencePage_description;
    public static String ChatPreferencePage_font;
    public static String ChatPreferencePage_preview;
    public static String ChatPreferencePage_sample;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
