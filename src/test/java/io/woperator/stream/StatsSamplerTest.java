package io.woperator.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsSamplerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void ratesAreTheDifferenceOverTheInterval() {
        StatsSampler sampler = new StatsSampler();
        assertEquals(new StatsSampler.Rates(0, 0, 0), sampler.sample(0, 0, 0, false, 30));
        StatsSampler.Rates rates = sampler.sample(2 * SECOND, 60, 250_000, true, 30);
        assertEquals(30, rates.fps(), 1e-9);
        assertEquals(1000, rates.kbps(), 1e-9);
    }

    @Test
    void framesFallShortOnlyOnceCaptureDelivers() {
        StatsSampler sampler = new StatsSampler();
        sampler.sample(0, 0, 0, false, 30);
        // the source is opening: no frames yet, nothing counted
        assertEquals(0, sampler.sample(SECOND, 0, 0, true, 30).framesDropped());
        // delivering from here: the first full second after one that delivered counts
        assertEquals(0, sampler.sample(2 * SECOND, 20, 0, true, 30).framesDropped());
        // 20 of 30: 10 short, less one frame of sampling jitter
        assertEquals(9, sampler.sample(3 * SECOND, 40, 0, true, 30).framesDropped());
        // a second at the full rate, or one frame short, adds nothing; stopping adds nothing
        assertEquals(9, sampler.sample(4 * SECOND, 70, 0, true, 30).framesDropped());
        assertEquals(9, sampler.sample(5 * SECOND, 99, 0, true, 30).framesDropped());
        assertEquals(9, sampler.sample(6 * SECOND, 99, 0, false, 30).framesDropped());
    }
}
