package dev.kinora.prompt.intake;

import java.security.SecureRandom;

/** Job ids that cannot be guessed: 120 random bits in lowercase base32 behind a readable prefix. */
public final class JobIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {}

    public static String next() {
        StringBuilder id = new StringBuilder("vid_");
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** A seed for requests that give none; non-negative so it reads the same in every language. */
    public static long randomSeed() {
        return RANDOM.nextLong() & Long.MAX_VALUE;
    }
}
