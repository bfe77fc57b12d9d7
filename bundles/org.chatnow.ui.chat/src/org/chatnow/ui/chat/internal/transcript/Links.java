package org.chatnow.ui.chat.internal.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chatnow.ui.chat.internal.Messages;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.program.Program;
import org.eclipse.ui.statushandlers.StatusManager;

/** Finds http(s) links in message text and opens them in the desktop's browser, off the UI thread. */
public final class Links {
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"]+");
    private static final String TRAILING = ".,;:!?'\")]}>";

    private Links() {
    }

    /** A link at {@code start} (inclusive) to {@code end} (exclusive) of a text. */
    record Link(int start, int end, String url) {
    }

    static List<Link> find(String text) {
        List<Link> links = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            int end = m.end();
            // "(see https://x.org/a)." ends before ")." but "https://en.wikipedia.org/wiki/A_(b)" keeps its ")"
            while (end > m.start() && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
                char last = text.charAt(end - 1);
                if (last == ')' && count(text, m.start(), end, '(') >= count(text, m.start(), end, ')')) {
                    break;
                }
                end--;
            }
            String url = text.substring(m.start(), end);
            if (url.indexOf("://") + 3 < url.length()) {
                links.add(new Link(m.start(), end, url));
            }
        }
        return links;
    }

    private static int count(String text, int from, int to, char c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** Opens {@code url} with the desktop's handler in a background job: launching may take a while. */
    public static void open(String url) {
        Job job = Job.create(Messages.Links_opening + url, (IProgressMonitor monitor) -> {
            if (!Program.launch(url)) {
                // tell the user why nothing happened (no browser, or none registered for links)
                StatusManager.getManager().handle(Status.warning(Messages.Links_cannotOpen + url),
                    StatusManager.SHOW | StatusManager.LOG);
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

}
