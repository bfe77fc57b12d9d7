package org.chatnow.ui.files.internal;

import org.eclipse.osgi.util.NLS;

/** The Shared Files view's user-visible strings (messages.properties). */
final class Messages extends NLS {
    public static String FilesView_filter;
    public static String FilesView_name;
    public static String FilesView_size;
    public static String FilesView_uploader;
    public static String FilesView_uploaded;
    public static String FilesView_upload;
    public static String FilesView_uploadTooltip;
    public static String FilesView_uploadDialog;
    public static String FilesView_download;
    public static String FilesView_downloadTooltip;
    public static String FilesView_downloadTo;
    public static String FilesView_delete;
    public static String FilesView_deleteConfirm;
    public static String FilesView_deleteSeveral;
    public static String FilesView_deleteFailed;
    public static String FilesView_refresh;
    public static String FilesView_uploaded_ok;
    public static String FilesView_uploadFailed;
    public static String FilesView_downloaded;
    public static String FilesView_downloadFailed;
    public static String FilesView_logIn;
    public static String FilesView_listFailed;
    public static String FilesView_oneFile;
    public static String FilesView_files;
    public static String FilesPreferencePage_description;
    public static String FilesPreferencePage_folder;
    public static String FilesPreferencePage_ask;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
