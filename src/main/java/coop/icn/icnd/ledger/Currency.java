package coop.icn.icnd.ledger;

import coop.icn.icnd.identity.Did;

/**
 * A currency definition, published by its issuer on {@value LedgerCodec#CURRENCIES_TOPIC}. Its id
 * is the hash of the entry that defines it, so two definitions sharing a symbol never mix.
 *
 * @param creditLimit how far below zero an account may go, in minor units
 */
public record Currency(String id, String symbol, int decimals, long creditLimit, Did issuer) {
    public static final java.util.regex.Pattern SYMBOL = java.util.regex.Pattern.compile("[A-Z][A-Z0-9]{0,11}");
}
