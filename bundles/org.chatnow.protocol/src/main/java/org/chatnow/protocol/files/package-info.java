/**
 * Receiving the bytes of the file protocol on either end: the server receiving an upload, a client a download.
 */
@Export
@Version("1.0.0")
package org.chatnow.protocol.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
