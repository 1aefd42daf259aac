package org.carechat.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.SplittableRandom;

/**
 * Where a fuzz harness takes its decisions from: Jazzer's coverage-guided bytes ({@link #of(FuzzedDataProvider)}),
 * or a seeded random source for the short run in the test suite ({@link #random(long)}). The harness is the same.
 */
interface FuzzInput {

    /** A number from 0 to {@code bound - 1}. */
    int pick(int bound);

    /** True {@code percent} times in a hundred. */
    default boolean chance(int percent) {
        return pick(100) < percent;
    }

    /** Any text of up to {@code maxLength} characters: any Unicode, control characters and lone surrogates too. */
    String text(int maxLength);

    long integer();

    double decimal();

    static FuzzInput of(FuzzedDataProvider data) {
        return new FuzzInput() {
            @Override
            public int pick(int bound) {
                return bound <= 1 ? 0 : data.consumeInt(0, bound - 1);
            }

            @Override
            public String text(int maxLength) {
                return data.consumeString(maxLength);
            }

            @Override
            public long integer() {
                return data.consumeLong();
            }

            @Override
            public double decimal() {
                return data.consumeDouble();
            }
        };
    }

    static FuzzInput random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] alphabet = {
            "a",
            "Z",
            "0",
            "9",
            " ",
            "-",
            "_",
            ".",
            ":",
            "@",
            "+",
            "/",
            "%",
            "\"",
            "\\",
            "'",
            "<",
            ">",
            "\n",
            "\t",
            "\r",
            "\u0000",
            "\u0007",
            "\u001b",
            "\u007f",
            "\u0085",
            "é",
            "ß",
            "Ω",
            "中",
            "\u202e",
            "\ud83d\ude00",
            "\ud800",
            "\udc00",
            "\ufeff",
            "\uffff"
        };
        return new FuzzInput() {
            @Override
            public int pick(int bound) {
                return bound <= 1 ? 0 : random.nextInt(bound);
            }

            @Override
            public String text(int maxLength) {
                int length = random.nextInt(random.nextInt(10) == 0 ? maxLength + 1 : Math.min(maxLength, 24) + 1);
                StringBuilder s = new StringBuilder();
                while (s.length() < length) {
                    s.append(alphabet[random.nextInt(alphabet.length)]);
                }
                return s.toString();
            }

            @Override
            public long integer() {
                return switch (random.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> -1;
                    case 2 -> Long.MAX_VALUE;
                    case 3 -> Long.MIN_VALUE;
                    case 4 -> Integer.MAX_VALUE + 1L;
                    default -> random.nextLong(-1000, 1000);
                };
            }

            @Override
            public double decimal() {
                return random.nextInt(4) == 0 ? Double.MAX_VALUE : random.nextDouble() * 1e6 - 5e5;
            }
        };
    }
}
