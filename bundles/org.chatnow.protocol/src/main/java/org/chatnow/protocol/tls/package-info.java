/**
 * Transport security shared by both ends: the TLS versions ChatNow speaks and how a certificate is named by its
 * fingerprint (what a server prints and what a client pins).
 */
@Export
@Version("1.0.0")
package org.chatnow.protocol.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
