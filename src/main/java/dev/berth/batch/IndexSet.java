package dev.berth.batch;

import java.util.BitSet;

/**
 * A set of array indices written as ranges ({@code "0-6,8,10-12"}), the form Kubernetes Indexed Jobs use for
 * completedIndexes: a BatchJob's status stays small whatever the array size.
 */
final class IndexSet {

    private final BitSet bits;

    private IndexSet(BitSet bits) {
        this.bits = bits;
    }

    static IndexSet empty() {
        return new IndexSet(new BitSet());
    }

    /** Parses ranges; text the operator did not write (hand-edited status) is read as far as it is valid. */
    static IndexSet parse(String ranges) {
        BitSet bits = new BitSet();
        if (ranges == null || ranges.isBlank()) {
            return new IndexSet(bits);
        }
        for (String part : ranges.split(",")) {
            String[] bounds = part.trim().split("-");
            try {
                int from = Integer.parseInt(bounds[0].trim());
                int to = bounds.length > 1 ? Integer.parseInt(bounds[1].trim()) : from;
                if (from >= 0 && to >= from) {
                    bits.set(from, to + 1);
                }
            } catch (NumberFormatException e) {
                // skip the part: the next status write replaces it with what the operator knows
            }
        }
        return new IndexSet(bits);
    }

    IndexSet copy() {
        return new IndexSet((BitSet) bits.clone());
    }

    boolean contains(int index) {
        return index >= 0 && bits.get(index);
    }

    void add(int index) {
        bits.set(index);
    }

    int size() {
        return bits.cardinality();
    }

    boolean isEmpty() {
        return bits.isEmpty();
    }

    /** The ranges, or null when empty (the status field is then left out). */
    String format() {
        if (bits.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int from = bits.nextSetBit(0); from >= 0; from = bits.nextSetBit(from)) {
            int to = bits.nextClearBit(from) - 1;
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(from);
            if (to > from) {
                text.append('-').append(to);
            }
            from = to + 1;
        }
        return text.toString();
    }

    /** The first {@code limit} indices, for messages. */
    String sample(int limit) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (int i = bits.nextSetBit(0); i >= 0 && shown < limit; i = bits.nextSetBit(i + 1), shown++) {
            text.append(shown == 0 ? "" : ", ").append(i);
        }
        return size() > limit ? text + ", ..." : text.toString();
    }

    @Override
    public String toString() {
        return String.valueOf(format());
    }
}
