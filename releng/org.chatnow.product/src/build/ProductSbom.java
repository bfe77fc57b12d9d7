import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes the CycloneDX 1.6 bill of materials (JSON) of the assembled product: one component per bundle in its
 * {@code plugins/} directory, as shipped. The bundles come from the target platform (p2 and Maven locations), which the
 * CycloneDX Maven plugin does not see; so the list is taken from what was assembled, not from what was declared.
 *
 * <p>Each component has the bundle's symbolic name and version, its SHA-256 (jars; a bundle shipped as a folder has
 * none), its vendor and licence as its manifest states them, and a package URL: {@code pkg:maven/...} with the Maven
 * coordinates p2 recorded for the installed unit (every bundle from a Maven location of the target platform has them),
 * else those of the jar's one {@code pom.properties}, else {@code pkg:p2/<symbolic name>@<version>}.
 *
 * <p>Usage: {@code java ProductSbom.java <product folder> <output file> <product name> <product version>}. Runs as a
 * single source file on the build's JDK: no compilation step, no dependencies.
 */
public class ProductSbom {

    record Bundle(String path, String symbolicName, String version, String vendor, String license, String sha256,
                  String purl) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ProductSbom <product folder> <output file> <product name> <product version>");
            System.exit(2);
        }
        Path product = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Path plugins = product.resolve("plugins");
        if (!Files.isDirectory(plugins)) {
            throw new IllegalStateException("no plugins folder in " + product + ": is the product materialised?");
        }
        Map<String, String> mavenOrigins = mavenOrigins(product);
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> entries = Files.list(plugins)) {
            for (Path entry : entries.sorted().toList()) {
                Bundle bundle = Files.isDirectory(entry) ? folderBundle(product, entry, mavenOrigins)
                    : entry.toString().endsWith(".jar") ? jarBundle(product, entry, mavenOrigins) : null;
                if (bundle != null) {
                    bundles.add(bundle);
                }
            }
        }
        if (bundles.isEmpty()) {
            throw new IllegalStateException("no bundles in " + plugins);
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, json(args[2], args[3], bundles), StandardCharsets.UTF_8);
        System.out.println("product SBOM: " + bundles.size() + " bundles in " + output);
    }

    /**
     * The Maven package URLs p2 recorded for the product's installed units (Tycho stores a Maven location's coordinates
     * as unit properties), by {@link #key symbolic name and version}; read from the newest state of the product's p2
     * profile.
     */
    private static Map<String, String> mavenOrigins(Path product) throws Exception {
        Map<String, String> origins = new HashMap<>();
        Path registry = product.resolve("p2/org.eclipse.equinox.p2.engine/profileRegistry");
        if (!Files.isDirectory(registry)) {
            return origins;
        }
        Path newest;
        try (Stream<Path> files = Files.walk(registry)) {
            // a profile's states are named by their timestamps: the greatest is the installed state
            newest = files.filter(p -> p.getFileName().toString().endsWith(".profile.gz"))
                .max((a, b) -> Long.compare(stateTime(a), stateTime(b))).orElse(null);
        }
        if (newest == null) {
            return origins;
        }
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        org.w3c.dom.Document profile;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(newest))) {
            profile = factory.newDocumentBuilder().parse(in);
        }
        NodeList units = profile.getElementsByTagName("unit");
        for (int i = 0; i < units.getLength(); i++) {
            Element unit = (Element) units.item(i);
            Map<String, String> properties = new HashMap<>();
            NodeList children = unit.getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                if (children.item(j) instanceof Element e && e.getTagName().equals("properties")) {
                    NodeList props = e.getElementsByTagName("property");
                    for (int k = 0; k < props.getLength(); k++) {
                        Element prop = (Element) props.item(k);
                        properties.put(prop.getAttribute("name"), prop.getAttribute("value"));
                    }
                }
            }
            String g = properties.get("maven-groupId"), a = properties.get("maven-artifactId");
            String v = properties.get("maven-version");
            if (g != null && a != null && v != null) {
                String classifier = properties.get("maven-classifier");
                origins.put(key(unit.getAttribute("id"), unit.getAttribute("version")),
                    mavenPurl(g, a, v, classifier == null || classifier.isBlank() ? null : classifier));
            }
        }
        return origins;
    }

    private static long stateTime(Path state) {
        try {
            return Long.parseLong(state.getFileName().toString().replace(".profile.gz", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Symbolic name and version with the version's missing segments as zeros (p2 writes 1.84 as 1.84.0). */
    private static String key(String symbolicName, String version) {
        String[] parts = version == null ? new String[0] : version.trim().split("\\.", 4);
        StringBuilder normal = new StringBuilder();
        for (int i = 0; i < Math.max(3, parts.length); i++) {
            normal.append(i == 0 ? "" : ".").append(i < parts.length && !parts[i].isEmpty() ? parts[i] : "0");
        }
        return symbolicName + "_" + normal;
    }

    private static String mavenPurl(String group, String artifact, String version, String classifier) {
        return "pkg:maven/" + group + "/" + artifact + "@" + version
            + (classifier == null ? "?type=jar" : "?classifier=" + classifier + "&type=jar");
    }

    private static Bundle jarBundle(Path product, Path jar, Map<String, String> mavenOrigins) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest == null || name(manifest) == null) {
                throw new IllegalStateException(jar + " is not an OSGi bundle (no Bundle-SymbolicName)");
            }
            List<Properties> poms = new ArrayList<>();
            for (var entries = file.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                String n = entry.getName();
                if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        Properties pom = new Properties();
                        pom.load(in);
                        poms.add(pom);
                    }
                }
            }
            Attributes main = manifest.getMainAttributes();
            String version = main.getValue("Bundle-Version");
            Properties localization = new Properties();
            var l10n = file.getEntry(localizationBase(main) + ".properties");
            if (l10n != null) {
                try (InputStream in = file.getInputStream(l10n)) {
                    localization.load(in);
                }
            }
            return new Bundle(product.relativize(jar).toString(), name(manifest), version,
                localized(main.getValue("Bundle-Vendor"), localization),
                localized(main.getValue("Bundle-License"), localization), sha256(jar),
                purl(mavenOrigins, poms, name(manifest), version));
        }
    }

    private static Bundle folderBundle(Path product, Path folder, Map<String, String> mavenOrigins)
            throws IOException {
        Path mf = folder.resolve("META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(mf)) {
            throw new IllegalStateException(folder + " is not an OSGi bundle (no META-INF/MANIFEST.MF)");
        }
        Manifest manifest;
        try (InputStream in = Files.newInputStream(mf)) {
            manifest = new Manifest(in);
        }
        List<Properties> poms = new ArrayList<>();
        Path maven = folder.resolve("META-INF/maven");
        if (Files.isDirectory(maven)) {
            try (Stream<Path> files = Files.walk(maven)) {
                for (Path p : files.filter(p -> p.getFileName().toString().equals("pom.properties")).toList()) {
                    try (InputStream in = Files.newInputStream(p)) {
                        Properties pom = new Properties();
                        pom.load(in);
                        poms.add(pom);
                    }
                }
            }
        }
        Attributes main = manifest.getMainAttributes();
        String version = main.getValue("Bundle-Version");
        Properties localization = new Properties();
        Path l10n = folder.resolve(localizationBase(main) + ".properties");
        if (Files.isRegularFile(l10n)) {
            try (InputStream in = Files.newInputStream(l10n)) {
                localization.load(in);
            }
        }
        return new Bundle(product.relativize(folder) + "/", name(manifest), version,
            localized(main.getValue("Bundle-Vendor"), localization),
            localized(main.getValue("Bundle-License"), localization), null,
            purl(mavenOrigins, poms, name(manifest), version));
    }

    private static String localizationBase(Attributes main) {
        String base = main.getValue("Bundle-Localization");
        return base == null || base.isBlank() ? "OSGI-INF/l10n/bundle" : base.trim();
    }

    /** A header's text: {@code %key} stands for the key's value in the bundle's localization; unknown keys say nothing. */
    private static String localized(String value, Properties localization) {
        if (value == null || !value.startsWith("%")) {
            return value;
        }
        String text = localization.getProperty(value.substring(1).trim());
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String name(Manifest manifest) {
        String value = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        return value == null ? null : value.split(";", 2)[0].trim();
    }

    /**
     * The Maven coordinates p2 recorded, else those of the jar when it names exactly one origin (a jar embedding
     * others' poms is not guessed), else the bundle's p2 identity.
     */
    private static String purl(Map<String, String> mavenOrigins, List<Properties> poms, String symbolicName,
                               String version) {
        String recorded = mavenOrigins.get(key(symbolicName, version));
        if (recorded != null) {
            return recorded;
        }
        if (poms.size() == 1) {
            Properties pom = poms.get(0);
            String g = pom.getProperty("groupId"), a = pom.getProperty("artifactId"), v = pom.getProperty("version");
            if (g != null && a != null && v != null) {
                return mavenPurl(g, a, v, null);
            }
        }
        return "pkg:p2/" + symbolicName + "@" + version;
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(String productName, String productVersion, List<Bundle> bundles) {
        String root = "pkg:p2/org.chatnow.product@" + productVersion;
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n");
        out.append("  \"serialNumber\": \"urn:uuid:").append(UUID.randomUUID()).append("\",\n  \"version\": 1,\n");
        out.append("  \"metadata\": {\n    \"timestamp\": ").append(str(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        out.append(",\n    \"tools\": {\"components\": [{\"type\": \"application\", \"name\": \"ProductSbom\", ");
        out.append("\"description\": \"lists the bundles of the assembled product\"}]},\n");
        out.append("    \"component\": {\"type\": \"application\", \"bom-ref\": ").append(str(root));
        out.append(", \"name\": ").append(str(productName)).append(", \"version\": ").append(str(productVersion));
        out.append(", \"purl\": ").append(str(root)).append("}\n  },\n  \"components\": [");
        TreeSet<String> refs = new TreeSet<>();
        String separator = "\n";
        for (Bundle b : bundles) {
            String ref = b.purl();
            // the same bundle twice (two copies of one Maven artifact) keeps distinct references
            for (int n = 2; !refs.add(ref); n++) {
                ref = b.purl() + "#" + n;
            }
            out.append(separator).append("    {\"type\": \"library\", \"bom-ref\": ").append(str(ref));
            out.append(", \"name\": ").append(str(b.symbolicName())).append(", \"version\": ").append(str(b.version()));
            if (b.vendor() != null) {
                out.append(", \"publisher\": ").append(str(b.vendor()));
            }
            if (b.sha256() != null) {
                out.append(", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": ").append(str(b.sha256())).append("}]");
            }
            if (b.license() != null && !b.license().isBlank()) {
                out.append(", \"licenses\": [{\"license\": {\"name\": ").append(str(b.license().trim())).append("}}]");
            }
            out.append(", \"purl\": ").append(str(b.purl()));
            out.append(", \"properties\": [{\"name\": \"chatnow:path\", \"value\": ").append(str(b.path())).append("}]}");
            separator = ",\n";
        }
        out.append("\n  ],\n  \"dependencies\": [\n    {\"ref\": ").append(str(root)).append(", \"dependsOn\": [");
        separator = "";
        for (String ref : refs) {
            out.append(separator).append(str(ref));
            separator = ", ";
        }
        out.append("]}\n  ]\n}\n");
        return out.toString();
    }

    private static String str(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
