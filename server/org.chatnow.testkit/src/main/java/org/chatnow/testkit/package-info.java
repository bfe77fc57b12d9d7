/** Real ChatNow server processes for tests and benchmarks. */
@Export
@Version("1.1.0")
package org.chatnow.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
