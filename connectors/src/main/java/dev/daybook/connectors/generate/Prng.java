package dev.daybook.connectors.generate;

/**
 * SplitMix64: a small, fast generator whose output depends only on the seed, on every Java version
 * (unlike the JDK's generators, whose bounded methods are not specified bit for bit).
 */
final class Prng {

    private long state;

    Prng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}; the modulo bias is below 2^-40 for the bounds used here. */
    long nextLong(long bound) {
        return Long.remainderUnsigned(nextLong(), bound);
    }

    int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in {@code [0, 1)}. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
