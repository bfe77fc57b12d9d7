package org.chatnow.ui.connection.internal;

import org.eclipse.osgi.util.NLS;

/** The connection UI's user-visible strings (messages.properties). */
final class Messages extends NLS {
    public static String Login_shellTitle;
    public static String Login_title;
    public static String Login_message;
    public static String Login_server;
    public static String Login_serverHint;
    public static String Login_user;
    public static String Login_password;
    public static String Login_passwordHint;
    public static String Login_passwordMissing;
    public static String Login_remember;
    public static String Login_rememberTooltip;
    public static String Login_connect;
    public static String Login_badServer;
    public static String Login_noUser;
    public static String Login_connecting;
    public static String Connect_title;
    public static String Connect_alreadyConnected;
    public static String Status_online;
    public static String Status_connecting;
    public static String Status_kicked;
    public static String Status_kickedNoReason;
    public static String Status_offline;
    public static String Status_reconnecting;
    public static String Status_reconnectingNow;
    public static String Status_reconnectHint;
    public static String Status_offlineBecause;
    public static String Status_disconnectedByYou;
    public static String Kicked_title;
    public static String Kicked_message;
    public static String Kicked_logInAgain;
    public static String Kicked_close;
    public static String Vault_saveFailed;
    public static String Vault_loadFailed;
    public static String Vault_jobSave;
    public static String Vault_jobLoad;
    public static String Vault_jobForget;
    public static String Preferences_description;
    public static String Preferences_defaultServer;
    public static String Preferences_badServer;
    public static String Preferences_remembered;
    public static String Preferences_rememberedNone;
    public static String Preferences_forget;
    public static String Preferences_forgotten;
    public static String Login_encrypt;
    public static String Login_encryptTooltip;
    public static String Login_notEncrypted;
    public static String Login_serverNotTls;
    public static String Login_serverNeedsTls;
    public static String Login_certificateNotTrusted;
    public static String Login_certificateChanged;
    public static String Certificate_newTitle;
    public static String Certificate_newMessage;
    public static String Certificate_presented;
    public static String Certificate_newHint;
    public static String Certificate_trust;
    public static String Certificate_cancel;
    public static String Certificate_changedTitle;
    public static String Certificate_changedMessage;
    public static String Certificate_trusted;
    public static String Certificate_presentedNow;
    public static String Certificate_changedHint;
    public static String Certificate_close;
    public static String Certificate_openPreferences;
    public static String Status_onlinePlaintext;
    public static String Status_encrypted;
    public static String Status_plaintext;
    public static String Preferences_certificates;
    public static String Preferences_certificatesNone;
    public static String Preferences_forgetCertificate;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
