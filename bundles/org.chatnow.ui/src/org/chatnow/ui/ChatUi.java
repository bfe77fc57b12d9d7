package org.chatnow.ui;

import org.chatnow.client.ChatClient;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** Access to the chat services from workbench code. The services themselves are DS components. */
public final class ChatUi {

    private ChatUi() {
    }

    /** The workbench's chat client service; fails clearly if no bundle provides one. */
    public static ChatClient client() {
        ChatClient client = PlatformUI.getWorkbench().getService(ChatClient.class);
        if (client != null) {
            return client;
        }
        Bundle bundle = FrameworkUtil.getBundle(ChatUi.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        ServiceReference<ChatClient> reference = context == null ? null : context.getServiceReference(ChatClient.class);
        ChatClient service = reference == null ? null : context.getService(reference);
        if (service == null) {
            throw new IllegalStateException("no chat client service is available (is the org.chatnow.client bundle installed?)");
        }
        return service;
    }

    /** Pictures for text (emoji), if a bundle offers them; null otherwise (then text shows as it is). */
    public static InlineImages inlineImages() {
        Bundle bundle = FrameworkUtil.getBundle(ChatUi.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        ServiceReference<InlineImages> reference = context == null ? null : context.getServiceReference(InlineImages.class);
        return reference == null ? null : context.getService(reference);
    }
}
