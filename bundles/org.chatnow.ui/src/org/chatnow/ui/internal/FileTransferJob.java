package org.chatnow.ui.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.chatnow.client.FileTransfer;
import org.chatnow.client.SharedFile;
import org.chatnow.client.TransferListener;
import org.chatnow.ui.ByteSizes;
import org.chatnow.ui.SharedFileTransfers;
import org.chatnow.ui.TransferOutcome;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;

/**
 * An upload or download (shared folder or conversation attachment) as a workbench job: progress (bytes, speed) in the Progress view,
 * Cancel stops the transfer, and the outcome is the job's status. Subclasses start the transfer (off the UI thread,
 * so they may touch the disk first) and hear how it ended.
 */
public abstract class FileTransferJob extends Job {
    private static final int TICKS = 1000;

    protected FileTransferJob(String name) {
        super(name);
        setUser(false);
        setPriority(LONG);
    }

    @Override
    public boolean belongsTo(Object family) {
        return SharedFileTransfers.JOB_FAMILY.equals(family);
    }

    /** Starts the transfer, reporting to {@code listener}; throws (with a message for the user) if it cannot. */
    protected abstract FileTransfer start(TransferListener listener) throws Exception;

    /** Told how the transfer ended, on the job's thread. */
    protected abstract void finished(TransferOutcome outcome);

    /** Where a download goes, for the outcome; null for uploads. */
    protected java.nio.file.Path target() {
        return null;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        AtomicLong done = new AtomicLong();
        AtomicLong total = new AtomicLong(-1);
        AtomicReference<String> retry = new AtomicReference<>();
        monitor.beginTask(getName(), TICKS);
        FileTransfer transfer;
        try {
            transfer = start(new TransferListener() {
                @Override
                public void progress(long bytes, long size) {
                    done.set(bytes);
                    total.set(size);
                    retry.set(null);
                }

                @Override
                public void retrying(String why, int attempt) {
                    retry.set(NLS.bind(Messages.Transfer_retrying, why, attempt));
                }
            });
        } catch (Exception e) {
            finished(new TransferOutcome(null, target(), e, false));
            return Status.error(NLS.bind(Messages.Transfer_failed, getName(), e.getMessage()));
        }
        int reported = 0;
        long startedAt = System.nanoTime();
        long startBytes = -1;
        while (true) {
            if (monitor.isCanceled()) {
                transfer.cancel();
                finished(new TransferOutcome(null, target(), null, true));
                return Status.CANCEL_STATUS;
            }
            try {
                SharedFile file = transfer.result().get(100, TimeUnit.MILLISECONDS);
                monitor.worked(TICKS - reported);
                finished(new TransferOutcome(file, target(), null, false));
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
                    String speed = ByteSizes.human((long) ((bytes - startBytes) / seconds));
                    monitor.subTask(retry.get() != null ? retry.get()
                        : NLS.bind(Messages.Transfer_progress, new Object[] {ByteSizes.human(bytes), ByteSizes.human(size), speed}));
                } else {
                    monitor.subTask(retry.get() != null ? retry.get() : Messages.Transfer_connecting);
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CancellationException ? null : e.getCause();
                finished(new TransferOutcome(null, target(), cause, cause == null));
                return cause == null ? Status.CANCEL_STATUS : Status.error(NLS.bind(Messages.Transfer_failed, getName(), cause.getMessage()));
            } catch (CancellationException e) {
                finished(new TransferOutcome(null, target(), null, true));
                return Status.CANCEL_STATUS;
            } catch (InterruptedException e) {
                transfer.cancel();
                Thread.currentThread().interrupt();
                finished(new TransferOutcome(null, target(), null, true));
                return Status.CANCEL_STATUS;
            }
        }
    }
}
