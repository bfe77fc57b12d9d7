/** Starting and stopping a ChatNow server, in its own process or inside another program (tests, OSGi). */
@Export
@Version("1.0.0")
package org.chatnow.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
