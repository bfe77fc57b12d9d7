package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.ui.internal.timing.UiTimeProbe;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Not a test but a measurement (tag "benchmark", left out of the default run; see docs/benchmarks-ui.md): how much
 * UI-thread time the chat editor spends per message while messages pour in and the user types, and how paging
 * through 10,000 messages of history behaves. Prints its figures; asserts nothing but that everything arrived.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EditorBenchmarkTest {
    private static final int FLOOD = 5_000;
    private static final int HISTORY = 10_000;
    private static Session session;
    private static ChatClient bob;
    private static final StringBuilder report = new StringBuilder();

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("bench");
        bob = session.headless("bob");
        session.logIn();
        session.open(Conversations.LOBBY);
        // warm up the code paths (JIT) before measuring
        send(bob, Conversations.LOBBY, 300, "warm-up");
        waitFor("the warm-up", 60_000, session::transcriptText, t -> t.endsWith("https://example.org/300"));
    }

    @AfterAll
    static void stop() {
        System.out.println("\n===== ChatNow editor benchmark =====\n" + report + "====================================\n");
        session.close();
    }

    private static void send(ChatClient from, String conversation, int count, String label) throws Exception {
        List<CompletableFuture<Long>> sent = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            sent.add(from.send(conversation, label + " " + i + " of " + count + (i % 10 == 0 ? "\nwith a second line, and a link https://example.org/" + i : "")));
        }
        for (CompletableFuture<Long> f : sent) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    private static void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Test
    @Order(1)
    void messagesPouringInWhileTheUserTypes() throws Exception {
        Display display = Workbench.display();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long uiThread = display.getThread().threadId();
        StyledText input = ui(() -> Workbench.one(session.window.getShell(), "input"));
        UiTimeProbe probe = ui(() -> UiTimeProbe.attach(display));
        AtomicBoolean typing = new AtomicBoolean(true);
        // real key presses through the X server (XTest), as the user's keyboard makes them, so that they queue where
        // typed keys queue; the input hears each and notes how long it took to arrive
        Queue<Long> pressed = new ConcurrentLinkedQueue<>();
        List<Long> keyLatencies = new CopyOnWriteArrayList<>();
        Listener key = e -> {
            Long at = pressed.poll();
            if (at != null) {
                keyLatencies.add(System.nanoTime() - at);
            }
        };
        run(() -> {
            session.window.getShell().forceActive();
            input.setFocus();
            input.addListener(SWT.KeyDown, key);
        });
        Thread typist = new Thread(() -> {
            while (typing.get()) {
                pressed.add(System.nanoTime());
                Event down = new Event();
                down.type = SWT.KeyDown;
                down.character = 'x';
                down.keyCode = 'x';
                display.post(down);
                Event up = new Event();
                up.type = SWT.KeyUp;
                up.character = 'x';
                up.keyCode = 'x';
                display.post(up);
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "benchmark typist");

        long gcBefore = gcMillis();
        long cpuBefore = threads.getThreadCpuTime(uiThread);
        long start = System.nanoTime();
        typist.start();
        send(bob, Conversations.LOBBY, FLOOD, "flood");
        long sentAt = System.nanoTime();
        waitFor("the last message on screen", 120_000, session::transcriptText, t -> t.endsWith("with a second line, and a link https://example.org/" + FLOOD));
        long shownAt = System.nanoTime();
        typing.set(false);
        typist.join();
        Thread.sleep(500);
        run(() -> input.removeListener(SWT.KeyDown, key));
        long cpu = threads.getThreadCpuTime(uiThread) - cpuBefore;
        long gc = gcMillis() - gcBefore;
        run(() -> UiTimeProbe.detach(display));

        long[] keys = keyLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
        line("Live messages while typing (%d messages from a headless client, a key pressed every 40 ms):", FLOOD);
        line("  server accepted all after        %8.0f ms", ms(sentAt - start));
        line("  last one on screen after          %8.0f ms  (%.0f messages/s end to end)", ms(shownAt - start),
            FLOOD / ((shownAt - start) / 1e9));
        line("  UI executor calls                 %8d", probe.count());
        line("  UI executor time per message      %8.3f ms  (total %.0f ms)", ms(probe.totalNanos()) / FLOOD, ms(probe.totalNanos()));
        line("  UI executor call p50 / p99 / max  %8.3f / %.3f / %.3f ms", ms(probe.percentileNanos(50)), ms(probe.percentileNanos(99)),
            ms(probe.percentileNanos(100)));
        line("  UI thread CPU per message         %8.3f ms  (all UI work: painting, typing, jobs; total %.0f ms)", ms(cpu) / FLOOD, ms(cpu));
        line("  garbage collection meanwhile      %8d ms (all threads)", gc);
        line("  key press to input p50 / p99 / max %7.1f / %.1f / %.1f ms  (%d of %d keys arrived)", ms(percentile(keys, 50)),
            ms(percentile(keys, 99)), ms(keys.length == 0 ? 0 : keys[keys.length - 1]), keys.length, keys.length + pressed.size());
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Test
    @Order(2)
    void pagingThroughTenThousandMessagesOfHistory() throws Exception {
        bob.createRoom("big", "10,000 messages").get(10, TimeUnit.SECONDS);
        send(bob, Conversations.room("big"), HISTORY, "old");
        org.chatnow.ui.ChatUi.client().joinRoom("big").get(10, TimeUnit.SECONDS);
        Display display = Workbench.display();
        UiTimeProbe probe = ui(() -> UiTimeProbe.attach(display));
        long start = System.nanoTime();
        session.open(Conversations.room("big"));
        StyledText transcript = session.transcript();
        waitFor("the newest page", 30_000, () -> transcript.getText(), t -> t.endsWith("https://example.org/" + HISTORY));
        long firstPage = System.nanoTime();
        int callsBefore = probe.count();
        // scroll to the top until the beginning, as a user holding the scroll bar at the top would
        waitFor("the first message, paging up", 300_000, () -> {
            transcript.setTopIndex(0);
            return transcript.getLine(0);
        }, banner -> banner.startsWith("This is the beginning"));
        long all = System.nanoTime();
        int messages = ui(() -> countLines(transcript, "bob: old "));
        line("History: a room of %d messages, opened and paged up to its beginning (pages of 50, then 100):", HISTORY);
        line("  newest page on screen after       %8.0f ms", ms(firstPage - start));
        line("  all %d on screen after         %8.0f ms", messages, ms(all - start));
        line("  UI calls while paging             %8d  (p50 %.2f ms, largest %.1f ms: inserting a page above)", probe.count() - callsBefore,
            ms(probe.percentileNanos(50)), ms(probe.percentileNanos(100)));
        run(() -> UiTimeProbe.detach(display));

        // appending to a transcript of 10,000 messages costs what it costs on an empty one
        UiTimeProbe deep = ui(() -> UiTimeProbe.attach(display));
        run(() -> transcript.setTopIndex(transcript.getLineCount() - 1));
        send(bob, Conversations.room("big"), 1_000, "new");
        waitFor("the new messages", 60_000, () -> transcript.getText(), t -> t.endsWith("https://example.org/1000"));
        line("  then 1,000 live messages: UI executor time per message %.3f ms (p99 call %.3f ms)",
            ms(deep.totalNanos()) / 1_000, ms(deep.percentileNanos(99)));
        run(() -> UiTimeProbe.detach(display));
    }

    private static int countLines(StyledText transcript, String part) {
        int n = 0;
        for (String l : transcript.getText().split("\n")) {
            if (l.contains(part)) {
                n++;
            }
        }
        return n;
    }
}
