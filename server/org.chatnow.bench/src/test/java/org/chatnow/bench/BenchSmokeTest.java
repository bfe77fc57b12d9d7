package org.chatnow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every scenario with tiny sizes against an in-process server (idle once against a server process): the commands work. */
class BenchSmokeTest {
    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
    private static PrintStream previous;

    @TempDir
    Path temp;

    @BeforeAll
    static void captureOutput() {
        previous = Scenario.out;
        Scenario.out = new PrintStream(OUTPUT, true, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void restoreOutput() {
        Scenario.out = previous;
    }

    private Result run(String... args) {
        Scenario.last = null;
        int code = Main.execute(args);
        assertEquals(0, code, "exit code of bench " + String.join(" ", args) + "\n" + OUTPUT.toString(StandardCharsets.UTF_8));
        Result result = Scenario.last;
        assertNotNull(result);
        assertTrue(result.machine.containsKey("cores"));
        return result;
    }

    private static Map<String, Object> firstRow(Result result, String table) {
        Result.Table t = result.find(table);
        assertNotNull(t, "table " + table);
        assertTrue(!t.rows.isEmpty(), "rows in " + table);
        return t.rows.get(0);
    }

    @Test
    void connect() throws Exception {
        Path json = temp.resolve("connect.json");
        Result r = run("connect", "--users", "6", "--default-cost-users", "1", "--json", json.toString());
        Result.Table t = r.find("logins");
        assertEquals(6, t.rows.size()); // three rounds at the default cost, three at the lowered one
        t.rows.forEach(row -> assertEquals(0, ((Number) row.get("failures")).intValue(), "failures in " + row));
        assertTrue(Files.size(json) > 0);
        // compare a result with itself
        assertEquals(0, Main.execute("compare", json.toString(), json.toString(), "--all"));
    }

    @Test
    void fanout() {
        Result r = run("fanout", "--users", "6", "--rates", "2", "--room-users", "3", "--room-rates", "4", "--duration", "0.5",
            "--warmup", "0", "--drain", "3");
        Result.Table t = r.find("fan-out steps");
        assertEquals(2, t.rows.size());
        t.rows.forEach(row -> assertTrue(((Number) row.get("delivered_per_s")).doubleValue() > 0, "deliveries in " + row));
    }

    @Test
    void privateMessages() {
        Result r = run("private", "--pairs", "2", "--rates", "2", "--duration", "0.5", "--warmup", "0", "--drain", "3");
        assertTrue(((Number) firstRow(r, "private message steps").get("delivered_per_s")).doubleValue() > 0);
    }

    @Test
    void idleInProcessAndAsProcess() {
        Result r = run("idle", "-n", "10", "--in-process");
        assertEquals(4, r.find("idle connections").rows.size(), "empty, connected, logged in, N/2 more");
        r = run("idle", "-n", "10");
        assertTrue(((Number) r.metrics.get("heap_per_logged_in_connection_bytes")).longValue() != 0);
        assertTrue(r.metrics.containsKey("rss_per_added_idle_connection_bytes"));
    }

    @Test
    void tlsSideBySide() {
        // every part once per transport against in-process servers, tiny sizes: the TLS paths work, resumption is proven
        Result r = run("tls", "--runs", "1", "--in-process", "--parts", "room,connect,files", "--room-users", "3", "--room-rates", "4", "--duration", "0.5",
            "--warmup", "0", "--login-users", "5", "--file-size", "300k", "--file-warmup", "0");
        Result.Table summary = r.find("TLS against plain TCP");
        assertNotNull(summary);
        Map<String, Object> upload = summary.rows.stream().filter(row -> row.get("measure").equals("wire upload")).findFirst().orElseThrow();
        assertTrue(((Number) upload.get("tls_median")).doubleValue() > 0, "an upload over TLS: " + upload);
        Map<String, Object> resumed = summary.rows.stream()
            .filter(row -> ((String) row.get("measure")).contains("full handshakes in the resumed round")).findFirst().orElseThrow();
        assertEquals(0.0, ((Number) resumed.get("tls_median")).doubleValue(), "every TLS handshake of the resumed round resumed");
        Map<String, Object> full = summary.rows.stream()
            .filter(row -> ((String) row.get("measure")).contains("full handshakes in the full round")).findFirst().orElseThrow();
        assertEquals(5.0, ((Number) full.get("tls_median")).doubleValue());
        Result.Table room = r.find("run 1, room, tls: fan-out steps");
        assertNotNull(room);
        assertTrue(((Number) room.rows.get(0).get("delivered_per_s")).doubleValue() > 0, "deliveries over TLS");
    }

    @Test
    void history() {
        Result r = run("history", "-m", "500", "-r", "20", "--concurrency", "1,2");
        assertEquals(4, r.find("history requests").rows.size());
        assertEquals(100.0, ((Number) firstRow(r, "history requests").get("messages_per_page")).doubleValue());
    }

    @Test
    void files() {
        Result r = run("files", "--size", "300k", "--in-process");
        assertEquals(6, r.find("file transfers").rows.size());
        assertTrue(((Number) r.metrics.get("download_pct_of_loopback_copy")).doubleValue() > 0);
    }
}
