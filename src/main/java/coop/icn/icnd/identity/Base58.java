package coop.icn.icnd.identity;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet (multibase {@code z}), as DIDs use. No library on Maven
 * Central here offers just this without a large dependency tree, and the codec is small.
 */
final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEXES[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {
    }

    static String encode(byte[] input) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, input);
        while (value.signum() > 0) {
            BigInteger[] divRem = value.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(divRem[1].intValue()));
            value = divRem[0];
        }
        // each leading zero byte is one leading '1'
        for (int i = 0; i < input.length && input[i] == 0; i++) {
            out.append(ALPHABET.charAt(0));
        }
        return out.reverse().toString();
    }

    /**
     * Decodes in place, a byte at a time: every received entry's author and every signature
     * check go through here, and the {@code BigInteger} per digit this replaced was a quarter of
     * what a receiving node allocated (a JFR profile of {@code scripts/gossip-bench.sh}).
     */
    static byte[] decode(String input) {
        return decode(input, 0);
    }

    /** Decodes {@code input} from {@code from} on. */
    static byte[] decode(String input, int from) {
        int zeros = 0;
        while (from + zeros < input.length() && input.charAt(from + zeros) == ALPHABET.charAt(0)) {
            zeros++;
        }
        // base 256 needs log(58) / log(256) < 0.733 bytes per digit
        byte[] number = new byte[(input.length() - from - zeros) * 733 / 1000 + 1];
        int used = 0;
        for (int i = from + zeros; i < input.length(); i++) {
            char c = input.charAt(i);
            int carry = c < 128 ? INDEXES[c] : -1;
            if (carry < 0) {
                throw new IllegalArgumentException("not base58: '" + c + "'");
            }
            int done = 0;
            for (int k = number.length - 1; k >= 0 && (carry != 0 || done < used); k--, done++) {
                carry += 58 * (number[k] & 0xff);
                number[k] = (byte) carry;
                carry >>>= 8;
            }
            used = done;
        }
        int start = number.length - used;
        while (start < number.length && number[start] == 0) {
            start++;
        }
        // each leading '1' is one leading zero byte
        byte[] out = new byte[zeros + number.length - start];
        System.arraycopy(number, start, out, zeros, number.length - start);
        return out;
    }
}
