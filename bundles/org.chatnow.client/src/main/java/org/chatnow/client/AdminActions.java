package org.chatnow.client;

import org.chatnow.protocol.Frame;

/** The actions of {@link ChatClient#admin(String, String, String, String, String)}. */
public final class AdminActions {
    public static final String CREATE_ACCOUNT = Frame.Admin.CREATE_ACCOUNT;
    public static final String CREATE_ADMIN = Frame.Admin.CREATE_ADMIN;
    public static final String RESET_PASSWORD = Frame.Admin.RESET_PASSWORD;
    public static final String KICK = Frame.Admin.KICK;
    public static final String BAN = Frame.Admin.BAN;
    public static final String UNBAN = Frame.Admin.UNBAN;

    private AdminActions() {
    }
}
