package org.chatnow.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * The software bills of materials the build writes, checked as a user would check them: each is CycloneDX JSON, names
 * the real components with their versions and package URLs, and lists every jar that is shipped with the hash of the
 * very file shipped.
 */
class SoftwareBillOfMaterialsTest {
    private static final Path SERVER_SBOM = Path.of(System.getProperty("chatnow.server.sbom", "missing"));
    private static final Path SERVER_LIB = Path.of(System.getProperty("chatnow.server.lib", "missing"));
    private static final Path PRODUCT_SBOM = Path.of(System.getProperty("chatnow.product.sbom", "missing"));
    private static final Path PRODUCT = Path.of(System.getProperty("chatnow.product.dir", "missing"));
    private static final String MINA_VERSION = System.getProperty("chatnow.mina.version", "missing");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theServerSbomListsEveryJarOfTheServersClassPath() throws Exception {
        // The CycloneDX Maven plugin declares that it needs the network, so an offline build (-o) skips it (with a
        // warning): such a build can vouch only for an SBOM an earlier build wrote for the same server jar.
        Path serverJar = SERVER_LIB.resolveSibling("org.chatnow.server.jar");
        boolean current = Files.exists(SERVER_SBOM)
            && !Files.getLastModifiedTime(SERVER_SBOM).toInstant().isBefore(Files.getLastModifiedTime(serverJar).toInstant());
        assumeFalse(!current && System.getProperty("chatnow.build.mode", "").equals("offline=true"),
            "an offline build (mvn -o) does not run the CycloneDX plugin, and " + SERVER_SBOM + " is missing or older than "
                + serverJar + ": build once without -o");
        assertTrue(current, "the build wrote " + SERVER_SBOM + " after " + serverJar);
        JsonNode bom = readCycloneDx(SERVER_SBOM);
        assertEquals("org.chatnow.server", bom.at("/metadata/component/name").asText(), "the SBOM describes the server");

        Map<String, JsonNode> bySha256 = bySha256(bom);
        List<Path> jars = jars(SERVER_LIB);
        assertTrue(jars.size() > 10, "the server's class path is in " + SERVER_LIB);
        for (Path jar : jars) {
            assertTrue(bySha256.containsKey(sha256(jar)), "the SBOM lists " + jar.getFileName() + " by its SHA-256");
        }

        JsonNode mina = component(bom, "org.apache.mina", "mina-core");
        assertEquals(MINA_VERSION, mina.path("version").asText(), "mina-core's version is the pom's");
        assertEquals("pkg:maven/org.apache.mina/mina-core@" + MINA_VERSION + "?type=jar", mina.path("purl").asText());
        for (String[] shipped : new String[][] {{"com.fasterxml.jackson.core", "jackson-databind"},
                {"com.h2database", "h2"}, {"org.bouncycastle", "bcprov-jdk18on"}, {"org.bouncycastle", "bcpkix-jdk18on"},
                {"org.slf4j", "slf4j-api"}, {"org.postgresql", "postgresql"}, {"org.flywaydb", "flyway-core"},
                {"com.zaxxer", "HikariCP"}, {"info.picocli", "picocli"}, {"org.chatnow", "org.chatnow.protocol"}}) {
            JsonNode c = component(bom, shipped[0], shipped[1]);
            assertFalse(c.path("version").asText().isEmpty(), shipped[1] + " has a version");
            assertTrue(c.path("purl").asText().startsWith("pkg:maven/" + shipped[0] + "/" + shipped[1] + "@"),
                shipped[1] + " has its Maven package URL");
        }
        for (JsonNode c : bom.path("components")) {
            String name = c.path("name").asText();
            assertFalse(name.startsWith("junit") || name.startsWith("jazzer") || name.contains("testkit"),
                "test-only " + name + " is not shipped and not listed");
        }
    }

    @Test
    void theProductSbomListsEveryBundleTheProductShips() throws Exception {
        JsonNode bom = readCycloneDx(PRODUCT_SBOM);
        assertEquals("ChatNow", bom.at("/metadata/component/name").asText(), "the SBOM describes the product");

        Map<String, JsonNode> bySha256 = bySha256(bom);
        Set<String> namesAndVersions = new HashSet<>();
        for (JsonNode c : bom.path("components")) {
            namesAndVersions.add(c.path("name").asText() + "_" + c.path("version").asText());
        }
        Path plugins = PRODUCT.resolve("plugins");
        int bundles = 0;
        try (Stream<Path> entries = Files.list(plugins)) {
            for (Path entry : entries.toList()) {
                bundles++;
                if (Files.isDirectory(entry)) {
                    // a bundle shipped as a folder is named <symbolic name>_<version>, like the SBOM lists it
                    assertTrue(namesAndVersions.contains(entry.getFileName().toString()),
                        "the SBOM lists the folder bundle " + entry.getFileName());
                } else {
                    assertTrue(bySha256.containsKey(sha256(entry)),
                        "the SBOM lists " + entry.getFileName() + " by its SHA-256");
                }
            }
        }
        assertEquals(bundles, bom.path("components").size(), "one component per bundle in " + plugins);

        // the platform comes from the target platform (Maven Central): its bundles carry their Maven coordinates
        JsonNode swt = bundle(bom, "org.eclipse.swt");
        assertEquals(bundleVersion(plugins, "org.eclipse.swt"), swt.path("version").asText(), "SWT's shipped version");
        assertTrue(swt.path("purl").asText().startsWith("pkg:maven/org.eclipse.platform/org.eclipse.swt@3."),
            "SWT's package URL names its Maven origin: " + swt.path("purl").asText());
        bundle(bom, "org.eclipse.swt.gtk.linux.x86_64");
        bundle(bom, "org.eclipse.ui.workbench");
        bundle(bom, "org.eclipse.osgi");
        assertEquals("pkg:maven/org.apache.mina/mina-core@" + MINA_VERSION + "?type=jar",
            bundle(bom, "org.apache.mina.core").path("purl").asText(), "the product's MINA is the pom's");
        for (String own : new String[] {"org.chatnow.app", "org.chatnow.client", "org.chatnow.protocol", "org.chatnow.ui",
                "org.chatnow.ui.chat"}) {
            assertTrue(bundle(bom, own).path("version").asText().startsWith("0."), own + " has its built version");
        }
    }

    /** Parses the file and checks what every CycloneDX 1.6 document must hold and what a scanner relies on. */
    private static JsonNode readCycloneDx(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), "the build wrote " + file);
        JsonNode bom = JSON.readTree(file.toFile());
        assertEquals("CycloneDX", bom.path("bomFormat").asText(), "bomFormat");
        assertEquals("1.6", bom.path("specVersion").asText(), "specVersion");
        assertTrue(bom.path("serialNumber").asText().matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
            "serialNumber is a UUID URN: " + bom.path("serialNumber"));
        assertTrue(bom.path("version").asInt() >= 1, "version");
        assertFalse(bom.at("/metadata/component/version").asText().isEmpty(), "the described component has a version");
        Set<String> refs = new HashSet<>();
        refs.add(bom.at("/metadata/component/bom-ref").asText());
        assertTrue(bom.path("components").isArray() && bom.path("components").size() > 10, "components are listed");
        for (JsonNode c : bom.path("components")) {
            String what = c.path("name").asText() + " in " + file.getFileName();
            assertEquals("library", c.path("type").asText(), "type of " + what);
            assertFalse(c.path("name").asText().isEmpty(), "every component has a name");
            assertFalse(c.path("version").asText().isEmpty(), "version of " + what);
            assertTrue(c.path("purl").asText().startsWith("pkg:"), "package URL of " + what);
            assertTrue(refs.add(c.path("bom-ref").asText()), "bom-ref of " + what + " is unique");
            for (JsonNode hash : c.path("hashes")) {
                if (hash.path("alg").asText().equals("SHA-256")) {
                    assertTrue(hash.path("content").asText().matches("[0-9a-f]{64}"), "SHA-256 of " + what);
                }
            }
        }
        for (JsonNode dependency : bom.path("dependencies")) {
            assertTrue(refs.contains(dependency.path("ref").asText()), "dependency " + dependency.path("ref") + " is listed");
            for (JsonNode on : dependency.path("dependsOn")) {
                assertTrue(refs.contains(on.asText()), "dependency " + on + " is listed");
            }
        }
        return bom;
    }

    private static Map<String, JsonNode> bySha256(JsonNode bom) {
        Map<String, JsonNode> components = new HashMap<>();
        for (JsonNode c : bom.path("components")) {
            for (JsonNode hash : c.path("hashes")) {
                if (hash.path("alg").asText().equals("SHA-256")) {
                    components.put(hash.path("content").asText(), c);
                }
            }
        }
        return components;
    }

    private static JsonNode component(JsonNode bom, String group, String name) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("group").asText().equals(group) && c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return fail("the SBOM lists " + group + ":" + name);
    }

    private static JsonNode bundle(JsonNode bom, String symbolicName) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("name").asText().equals(symbolicName)) {
                return c;
            }
        }
        return fail("the SBOM lists the bundle " + symbolicName);
    }

    private static String bundleVersion(Path plugins, String symbolicName) throws IOException {
        List<String> versions = new ArrayList<>();
        for (Path jar : jars(plugins)) {
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                var main = file.getManifest().getMainAttributes();
                if (main.getValue("Bundle-SymbolicName").split(";", 2)[0].trim().equals(symbolicName)) {
                    versions.add(main.getValue("Bundle-Version"));
                }
            }
        }
        assertEquals(1, versions.size(), "the product ships one " + symbolicName);
        return versions.get(0);
    }

    private static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
