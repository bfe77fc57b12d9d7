package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chatnow.ui.Commands;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.Test;

/** Help ▸ About names the product's version and build, and credits what ChatNow is made with. */
class AboutTest {

    @Test
    void aboutShowsTheVersionTheBuildAndTheCredits() throws Exception {
        IWorkbenchWindow window = Workbench.window();
        Workbench.display().asyncExec(() -> Commands.execute(window, "org.eclipse.ui.help.aboutAction", Map.of()));
        Shell about = waitFor("the About dialog", () -> {
            for (Shell s : Workbench.display().getShells()) {
                if (!s.isDisposed() && s.isVisible() && s.getText().startsWith("About")) {
                    return s;
                }
            }
            return null;
        }, s -> s != null);
        try {
            String text = String.join("\n", ui(() -> texts(about)));
            assertTrue(text.matches("(?s).*ChatNow \\d+\\.\\d+\\.\\d+\n.*"), "the version: " + text);
            assertTrue(text.matches("(?s).*Build id: \\d{12}.*"), "the build id (the build's qualifier): " + text);
            for (String credit : List.of("Eclipse Platform", "Apache MINA", "Jackson", "H2", "Twemoji", "CC-BY 4.0")) {
                assertTrue(text.contains(credit), credit + " in: " + text);
            }
        } finally {
            run(about::close);
        }
    }

    private static List<String> texts(Control root) {
        List<String> texts = new ArrayList<>();
        if (root instanceof StyledText t) {
            texts.add(t.getText());
        } else if (root instanceof Text t) {
            texts.add(t.getText());
        } else if (root instanceof Label l) {
            texts.add(l.getText());
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                texts.addAll(texts(child));
            }
        }
        return texts;
    }
}
