package org.chatnow.ui.internal.timing;

import java.util.Arrays;

import org.eclipse.swt.widgets.Display;

/**
 * Test-only timing hook, exported to the workbench tests alone: measures how long the chat listeners run on the UI
 * thread. Attached to a display (a benchmark does this), every call that a {@link org.chatnow.ui.UiExecutor} of that
 * display runs is timed. Kept in the display's data, not in a static field,
 * so it goes away with the display. Use on the UI thread.
 */
public final class UiTimeProbe {
    private static final String DISPLAY_KEY = "org.chatnow.ui.timeProbe";
    private long[] samples = new long[4096];
    private int count;
    private long total;

    /** Attaches a new probe to {@code display}, replacing any other. */
    public static UiTimeProbe attach(Display display) {
        UiTimeProbe probe = new UiTimeProbe();
        display.setData(DISPLAY_KEY, probe);
        return probe;
    }

    /** Stops measuring on {@code display}. */
    public static void detach(Display display) {
        display.setData(DISPLAY_KEY, null);
    }

    /** The probe attached to {@code display}, or null. */
    public static UiTimeProbe attachedTo(Display display) {
        return display.getData(DISPLAY_KEY) instanceof UiTimeProbe probe ? probe : null;
    }

    /** Records one call's time. */
    public void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
        total += nanos;
    }

    /** Calls timed so far. */
    public int count() {
        return count;
    }

    /** Their total time in nanoseconds. */
    public long totalNanos() {
        return total;
    }

    /** The {@code p}-th percentile (0 to 100) of the calls' times, in nanoseconds; 0 without calls. */
    public long percentileNanos(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }
}
