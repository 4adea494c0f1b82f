package io.github.redisauth.cli.internal;

import io.github.redisauth.VerificationReport;
import java.io.PrintWriter;
import java.util.List;

/**
 * How {@code redis-auth demo} writes: step headings, the commands an operator runs on AWS, notes,
 * verifier reports (through {@link HumanReport}), verdicts and client counters. ANSI colour only
 * when asked (a terminal, {@code NO_COLOR} unset). Never given a token value.
 */
public final class DemoConsole {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String CYAN = "\u001b[36m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[1;31m";

    private final PrintWriter out;
    private final boolean colour;

    /**
     * @param out where to write
     * @param colour whether to use ANSI colour
     */
    public DemoConsole(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** @param text a step heading, printed after a blank line */
    public void heading(String text) {
        out.println();
        out.println(paint(BOLD + CYAN, "== " + text + " =="));
        out.flush();
    }

    /** @param text a plain line */
    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** @param command what an operator would run against AWS (tokens as shell variables, never values) */
    public void onAws(String command) {
        out.println(paint(DIM, "  on AWS: ") + "$ " + command);
        out.flush();
    }

    /** @param report the verifier's report, printed as {@code redis-auth verify} prints it */
    public void report(VerificationReport report) {
        out.print(HumanReport.toText(report, colour).indent(2));
        out.flush();
    }

    /**
     * @param asExpected whether the verdicts were those the step expects
     * @param text what was expected (and found)
     */
    public void verdict(boolean asExpected, String text) {
        out.println("  " + paint(asExpected ? GREEN : RED, asExpected ? "as expected:" : "NOT as expected:") + " " + text);
        out.flush();
    }

    /** @param lines one line per client */
    public void clients(List<String> lines) {
        lines.forEach(text -> out.println(paint(DIM, "  clients: ") + text));
        out.flush();
    }

    /**
     * @param passed whether the whole demo passed
     * @param text the closing result line
     */
    public void result(boolean passed, String text) {
        out.println(paint(passed ? GREEN : RED, "result: " + (passed ? "PASS" : "FAIL")) + " " + text);
        out.flush();
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
