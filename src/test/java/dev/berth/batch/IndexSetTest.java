package dev.berth.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IndexSetTest {

    @Test
    void formatsRangesAndParsesThemBack() {
        IndexSet set = IndexSet.empty();
        for (int i : new int[] { 0, 1, 2, 3, 5, 7, 8, 9999 }) {
            set.add(i);
        }
        assertEquals("0-3,5,7-8,9999", set.format());
        assertEquals("0-3,5,7-8,9999", IndexSet.parse(set.format()).format());
        assertEquals(8, IndexSet.parse("0-3,5,7-8,9999").size());
        assertEquals("0, 1, 2, ...", set.sample(3));
    }

    @Test
    void aWholeArrayIsOneRange() {
        IndexSet all = IndexSet.empty();
        for (int i = 0; i < 10_000; i++) {
            all.add(i);
        }
        assertEquals("0-9999", all.format());
    }

    @Test
    void emptyIsAbsentAndGarbageIsSkipped() {
        assertNull(IndexSet.empty().format());
        assertEquals("1,4-5", IndexSet.parse("1, x, 4-5, 9-2").format());
    }
}
