/**
 * The ChatNow wire protocol: frame records, their JSON mapping and the protocol limits. See docs/protocol.md.
 */
@Export
@Version("1.2.0")
package org.chatnow.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
