package coop.icn.icnd.ledger;

import coop.icn.icnd.identity.Did;

import java.util.Map;

/**
 * A payment of {@code amount} minor units of one currency from the payer (the author of the
 * gossip entry that carries it, whose signature covers it) to the payee.
 *
 * @param seq      the payer's sequence number in this currency: 1, 2, 3, ...
 * @param frontier for each other payer whose transfers credited this payer, the highest sequence
 *                 of theirs the payer had applied when signing: the credit this transfer may use
 */
public record Transfer(String hash, String currencyId, String symbol, Did payer, Did payee, long amount, long seq,
                       Map<Did, Long> frontier, String memo, long timestampMillis) {
}
