/**
 * The ChatNow client API: connect, log in, send, and listen with an {@link java.util.concurrent.Executor} of the
 * caller's choice. No UI toolkit is involved; a workbench passes an executor that runs on its UI thread.
 */
@Export
@Version("2.2.0")
package org.chatnow.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
