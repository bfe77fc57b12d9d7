package org.chatnow.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * What one benchmark run found: its parameters, tables of figures, headline metrics and notes, with the machine it ran
 * on. Printed as text tables, written as JSON ({@code --json}) so that runs can be compared.
 */
public final class Result {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One table: named columns, some of which ({@code key}) identify a row when two runs are compared. */
    public static final class Table {
        public String title;
        public List<String> columns = new ArrayList<>();
        public List<String> key = new ArrayList<>();
        public List<Map<String, Object>> rows = new ArrayList<>();

        Table() {
        }

        Table(String title, List<String> key, List<String> columns) {
            this.title = title;
            this.key = List.copyOf(key);
            this.columns = List.copyOf(columns);
        }

        /** Adds a row; values in column order. */
        public Table row(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException(title + ": " + values.length + " values for " + columns.size() + " columns");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                row.put(columns.get(i), values[i]);
            }
            rows.add(row);
            return this;
        }
    }

    public String scenario;
    public String started;
    public Map<String, Object> machine = new LinkedHashMap<>();
    public Map<String, Object> parameters = new LinkedHashMap<>();
    public Map<String, Object> metrics = new LinkedHashMap<>();
    public List<Table> tables = new ArrayList<>();
    public List<String> notes = new ArrayList<>();

    Result() {
    }

    Result(String scenario) {
        this.scenario = scenario;
    }

    public Table table(String title, List<String> key, String... columns) {
        Table table = new Table(title, key, List.of(columns));
        tables.add(table);
        return table;
    }

    public Table find(String title) {
        return tables.stream().filter(t -> t.title.equals(title)).findFirst().orElse(null);
    }

    public void metric(String name, Object value) {
        metrics.put(name, value);
    }

    public void note(String text) {
        notes.add(text);
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), this);
    }

    public static Result read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Result.class);
    }

    // ---------------------------------------------------------------- text output

    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return "-";
            }
            double a = Math.abs(d);
            if (a >= 1000) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            if (a >= 100) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            if (a >= 1) {
                return String.format(Locale.ROOT, "%.2f", d);
            }
            return String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }

    public static void print(PrintStream out, Table table) {
        out.println();
        out.println(table.title);
        int n = table.columns.size();
        int[] width = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            width[i] = table.columns.get(i).length();
        }
        for (Map<String, Object> row : table.rows) {
            String[] line = new String[n];
            for (int i = 0; i < n; i++) {
                line[i] = format(row.get(table.columns.get(i)));
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder header = new StringBuilder("  ");
        StringBuilder rule = new StringBuilder("  ");
        for (int i = 0; i < n; i++) {
            header.append(pad(table.columns.get(i), width[i], i > 0)).append(i < n - 1 ? "  " : "");
            rule.append("-".repeat(width[i])).append(i < n - 1 ? "  " : "");
        }
        out.println(header);
        out.println(rule);
        for (String[] line : cells) {
            StringBuilder s = new StringBuilder("  ");
            for (int i = 0; i < n; i++) {
                s.append(pad(line[i], width[i], i > 0)).append(i < n - 1 ? "  " : "");
            }
            out.println(s);
        }
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    public void print(PrintStream out) {
        out.println();
        out.println("== chatnow bench " + scenario + " (" + started + ")");
        out.println("machine: " + Machine.describe(machine));
        out.println("parameters: " + parameters);
        for (Table t : tables) {
            print(out, t);
        }
        if (!metrics.isEmpty()) {
            out.println();
            out.println("summary");
            metrics.forEach((k, v) -> out.println("  " + k + " = " + format(v)));
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(n -> out.println("note: " + n));
        }
    }
}
