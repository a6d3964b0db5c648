package dev.nat4j.examples.cli;

import java.util.Collection;

/** "Did you mean ...?" for mistyped command and option names. */
final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code typed} within a small edit distance, or {@code null}. */
    static String closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = candidate.startsWith(typed) && typed.length() >= 3 ? 1 : distance(typed, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // Two edits catch typos and swapped letters without suggesting unrelated short names.
        return bestDistance <= Math.min(2, Math.max(1, typed.length() / 3)) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
