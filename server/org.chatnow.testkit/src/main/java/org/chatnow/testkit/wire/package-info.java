/**
 * A raw ChatNow protocol connection for tests and benchmarks, reading frames through the protocol's one stream reader.
 * Needs the protocol bundle (imported optionally, so the rest of the test kit stays JDK-only).
 */
@Export
@Version("1.0.0")
package org.chatnow.testkit.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
