package org.chatnow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints the differences between two JSON results of the same scenario. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compares two results written with --json: machine and parameters that differ, then every numeric figure "
        + "of matching rows (A, B, change).")
final class Compare implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A.json")
    Path a;

    @Parameters(index = "1", paramLabel = "B.json")
    Path b;

    @Option(names = "--all", description = "also list figures that changed by less than --threshold")
    boolean all;

    @Option(names = "--threshold", description = "percent change below which a figure is left out unless --all (default ${DEFAULT-VALUE})")
    double threshold = 0;

    @Override
    public Integer call() throws Exception {
        Result ra = Result.read(a);
        Result rb = Result.read(b);
        var out = Scenario.out;
        out.println("A: " + a + " (" + ra.scenario + ", " + ra.started + ")");
        out.println("B: " + b + " (" + rb.scenario + ", " + rb.started + ")");
        if (!Objects.equals(ra.scenario, rb.scenario)) {
            out.println("warning: different scenarios");
        }
        Result.Table context = new Result.Table("machine and parameters that differ", List.of("what"), List.of("what", "A", "B"));
        diffMaps(context, "machine.", ra.machine, rb.machine);
        diffMaps(context, "", ra.parameters, rb.parameters);
        if (!context.rows.isEmpty()) {
            Result.print(out, context);
        }
        Result.Table figures = new Result.Table("figures", List.of("figure"), List.of("figure", "A", "B", "change_pct"));
        for (Map.Entry<String, Object> m : ra.metrics.entrySet()) {
            add(figures, "summary " + m.getKey(), m.getValue(), rb.metrics.get(m.getKey()));
        }
        for (Result.Table ta : ra.tables) {
            Result.Table tb = rb.find(ta.title);
            if (tb == null) {
                continue;
            }
            for (Map<String, Object> rowA : ta.rows) {
                Map<String, Object> rowB = match(tb, ta.key, rowA);
                if (rowB == null) {
                    continue;
                }
                String label = ta.title + " [" + String.join(", ", ta.key.stream().map(k -> k + "=" + Result.format(rowA.get(k))).toList()) + "]";
                for (String column : ta.columns) {
                    if (!ta.key.contains(column)) {
                        add(figures, label + " " + column, rowA.get(column), rowB.get(column));
                    }
                }
            }
        }
        Result.print(out, figures);
        return 0;
    }

    private static void diffMaps(Result.Table t, String prefix, Map<String, Object> a, Map<String, Object> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        for (String k : keys) {
            if (k.equals("date") || k.startsWith("load_average")) {
                continue;
            }
            if (!Objects.equals(String.valueOf(a.get(k)), String.valueOf(b.get(k)))) {
                t.row(prefix + k, String.valueOf(a.get(k)), String.valueOf(b.get(k)));
            }
        }
    }

    private static Map<String, Object> match(Result.Table t, List<String> key, Map<String, Object> row) {
        for (Map<String, Object> candidate : t.rows) {
            if (key.stream().allMatch(k -> Objects.equals(String.valueOf(candidate.get(k)), String.valueOf(row.get(k))))) {
                return candidate;
            }
        }
        return null;
    }

    private void add(Result.Table t, String label, Object a, Object b) {
        if (!(a instanceof Number na) || !(b instanceof Number nb)) {
            if (a != null && b != null && !a.equals(b) && !(a instanceof Number) && !(b instanceof Number)) {
                t.row(label, a, b, null);
            }
            return;
        }
        double x = na.doubleValue();
        double y = nb.doubleValue();
        double change = x == 0 ? (y == 0 ? 0 : Double.NaN) : 100.0 * (y - x) / Math.abs(x);
        if (all || Double.isNaN(change) || Math.abs(change) >= threshold) {
            t.row(label, a, b, change);
        }
    }
}
