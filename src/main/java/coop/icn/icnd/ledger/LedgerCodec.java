package coop.icn.icnd.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.gossip.Entry;
import coop.icn.icnd.identity.Did;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger's data inside gossip entries (docs/wire-format.md): a currency definition on
 * {@value #CURRENCIES_TOPIC}, a transfer on {@code ledger:<SYMBOL>}, each JSON of version 1.
 * The signer is the entry's author, so neither carries an issuer or payer of its own. Reading is
 * strict (unknown fields, missing numbers and rule-breaking definitions are refused) because every
 * node must read the same bytes the same way.
 */
final class LedgerCodec {
    static final String CURRENCIES_TOPIC = "ledger-meta:currencies";
    static final String TRANSFER_TOPIC_PREFIX = "ledger:";
    private static final int VERSION = 1;
    private static final int MAX_DECIMALS = 18;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    record CurrencyData(@JsonProperty("v") int version, @JsonProperty("symbol") String symbol,
                        @JsonProperty("decimals") int decimals, @JsonProperty("creditLimit") long creditLimit) {
    }

    record TransferData(@JsonProperty("v") int version, @JsonProperty("currencyId") String currencyId,
                        @JsonProperty("symbol") String symbol, @JsonProperty("payee") String payee,
                        @JsonProperty("amount") long amount, @JsonProperty("seq") long seq,
                        @JsonProperty("frontier") Map<String, Long> frontier, @JsonProperty("memo") String memo) {
    }

    private LedgerCodec() {
    }

    static String transferTopic(String symbol) {
        return TRANSFER_TOPIC_PREFIX + symbol;
    }

    /** Why a definition breaks the rules, or empty when it keeps them. */
    static Optional<String> definitionProblem(String symbol, int decimals, long creditLimit) {
        if (symbol == null || !Currency.SYMBOL.matcher(symbol).matches()) {
            return Optional.of("a currency symbol is 1 to 12 capitals and digits, starting with a letter");
        }
        if (decimals < 0 || decimals > MAX_DECIMALS || creditLimit < 0) {
            return Optional.of("decimals must be 0 to " + MAX_DECIMALS + " and creditLimit at least 0");
        }
        return Optional.empty();
    }

    static byte[] encodeCurrency(String symbol, int decimals, long creditLimit) {
        return write(new CurrencyData(VERSION, symbol, decimals, creditLimit));
    }

    /** The data of a transfer the node signs; hash, payer and time come from the entry that will carry it. */
    static byte[] encodeTransfer(Transfer draft) {
        Map<String, Long> frontier = new TreeMap<>();
        draft.frontier().forEach((did, seq) -> frontier.put(did.value(), seq));
        return write(new TransferData(VERSION, draft.currencyId(), draft.symbol(), draft.payee().value(),
                draft.amount(), draft.seq(), frontier, draft.memo()));
    }

    /** The currency an entry on {@value #CURRENCIES_TOPIC} defines; empty if it is unreadable or breaks the rules. */
    static Optional<Currency> parseCurrency(Entry entry) {
        CurrencyData data;
        try {
            data = JSON.readValue(entry.data(), CurrencyData.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (data == null || data.version() != VERSION
                || definitionProblem(data.symbol(), data.decimals(), data.creditLimit()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Currency(entry.hashHex(), data.symbol(), data.decimals(), data.creditLimit(), entry.author()));
    }

    /** The transfer an entry on a transfer topic carries; empty if it is unreadable or not on its symbol's topic. */
    static Optional<Transfer> parseTransfer(Entry entry) {
        try {
            TransferData data = JSON.readValue(entry.data(), TransferData.class);
            if (data == null || data.version() != VERSION || data.currencyId() == null || data.symbol() == null
                    || data.payee() == null || !entry.topic().equals(transferTopic(data.symbol()))) {
                return Optional.empty();
            }
            Map<Did, Long> frontier = new HashMap<>();
            if (data.frontier() != null) {
                for (Map.Entry<String, Long> named : data.frontier().entrySet()) {
                    frontier.put(Did.parse(named.getKey()), named.getValue());
                }
            }
            return Optional.of(new Transfer(entry.hashHex(), data.currencyId(), data.symbol(), entry.author(),
                    Did.parse(data.payee()), data.amount(), data.seq(), Map.copyOf(frontier), data.memo(),
                    entry.timestampMillis()));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            // NullPointerException: a frontier naming a sequence of null, which Map.copyOf refuses
            return Optional.empty();
        }
    }

    private static byte[] write(Object data) {
        try {
            return JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            // two records of strings, numbers and a map of them: nothing here can fail to serialise
            throw new UncheckedIOException(e);
        }
    }
}
