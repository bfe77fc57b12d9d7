/**
 * The MINA codec used by both the server and the client: length-prefixed JSON frames.
 */
@Export
@Version("1.1.0")
package org.chatnow.protocol.mina;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
