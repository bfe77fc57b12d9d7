/**
 * The ChatNow client API: connect, log in, send, and listen with an {@link java.util.concurrent.Executor} of the
 * caller's choice. No UI toolkit is involved; a workbench passes an executor that runs on its UI thread.
 * <p>
 * 2.3: {@link org.chatnow.client.ChatClient#cancelSend} takes a queued message back before it goes out.
 */
@Export
@Version("2.3.0")
package org.chatnow.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
