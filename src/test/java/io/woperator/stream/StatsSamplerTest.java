package io.woperator.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsSamplerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void ratesAreTheDifferenceOverTheInterval() {
        StatsSampler sampler = new StatsSampler();
        assertEquals(new StatsSampler.Rates(0, 0), sampler.sample(0, 0, 0));
        StatsSampler.Rates rates = sampler.sample(2 * SECOND, 60, 250_000);
        assertEquals(30, rates.fps(), 1e-9);
        assertEquals(1000, rates.kbps(), 1e-9);
    }
}
