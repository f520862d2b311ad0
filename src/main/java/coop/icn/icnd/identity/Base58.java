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

    static byte[] decode(String input) {
        BigInteger value = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean leading = true;
        for (char c : input.toCharArray()) {
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("not base58: '" + c + "'");
            }
            if (leading && digit == 0) {
                leadingZeros++;
            } else {
                leading = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int strip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[leadingZeros + magnitude.length - strip];
        System.arraycopy(magnitude, strip, out, leadingZeros, magnitude.length - strip);
        return out;
    }
}
