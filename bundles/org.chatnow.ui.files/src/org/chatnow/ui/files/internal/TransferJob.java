package org.chatnow.ui.files.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import org.chatnow.client.FileTransfer;
import org.chatnow.client.SharedFile;
import org.chatnow.client.TransferListener;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * An upload or download as a workbench job: progress (bytes, speed) in the Progress view, Cancel stops the
 * transfer, and the outcome goes to {@code outcome} (on the job's thread) and to the job's status.
 */
final class TransferJob extends Job {
    static final String FAMILY = "org.chatnow.ui.files.transfers";
    private static final int TICKS = 1000;

    /** What happened: the verified file, or the failure. */
    record Outcome(SharedFile file, Throwable error, boolean cancelled) {
    }

    private final Function<TransferListener, FileTransfer> start;
    private final Consumer<Outcome> outcome;

    TransferJob(String name, Function<TransferListener, FileTransfer> start, Consumer<Outcome> outcome) {
        super(name);
        this.start = start;
        this.outcome = outcome;
        setUser(false);
        setPriority(LONG);
    }

    @Override
    public boolean belongsTo(Object family) {
        return FAMILY.equals(family);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        AtomicLong done = new AtomicLong();
        AtomicLong total = new AtomicLong(-1);
        AtomicReference<String> retry = new AtomicReference<>();
        FileTransfer transfer = start.apply(new TransferListener() {
            @Override
            public void progress(long bytes, long size) {
                done.set(bytes);
                total.set(size);
                retry.set(null);
            }

            @Override
            public void retrying(String why, int attempt) {
                retry.set(why + "; resuming (attempt " + attempt + ")");
            }
        });
        monitor.beginTask(getName(), TICKS);
        int reported = 0;
        long startedAt = System.nanoTime();
        long startBytes = -1;
        while (true) {
            if (monitor.isCanceled()) {
                transfer.cancel();
                outcome.accept(new Outcome(null, null, true));
                return Status.CANCEL_STATUS;
            }
            try {
                SharedFile file = transfer.result().get(100, TimeUnit.MILLISECONDS);
                monitor.worked(TICKS - reported);
                outcome.accept(new Outcome(file, null, false));
                return Status.OK_STATUS;
            } catch (TimeoutException e) {
                long size = total.get();
                long bytes = done.get();
                if (size > 0) {
                    if (startBytes < 0) {
                        startBytes = bytes;
                        startedAt = System.nanoTime();
                    }
                    int ticks = (int) (TICKS * bytes / size);
                    if (ticks > reported) {
                        monitor.worked(ticks - reported);
                        reported = ticks;
                    }
                    double seconds = Math.max(1e-3, (System.nanoTime() - startedAt) / 1e9);
                    String speed = Sizes.human((long) ((bytes - startBytes) / seconds)) + "/s";
                    monitor.subTask(retry.get() != null ? retry.get() : Sizes.human(bytes) + " of " + Sizes.human(size) + " (" + speed + ")");
                } else if (retry.get() != null) {
                    monitor.subTask(retry.get());
                } else {
                    monitor.subTask("computing the SHA-256 and connecting...");
                }
            } catch (ExecutionException e) {
                outcome.accept(new Outcome(null, e.getCause(), false));
                return Status.error(getName() + " failed: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                transfer.cancel();
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } catch (java.util.concurrent.CancellationException e) {
                outcome.accept(new Outcome(null, null, true));
                return Status.CANCEL_STATUS;
            }
        }
    }
}
