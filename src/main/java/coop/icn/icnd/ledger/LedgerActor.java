package coop.icn.icnd.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.gossip.Entry;
import coop.icn.icnd.gossip.GossipActor;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.gossip.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Mutual credit over gossip. Currency definitions travel on {@value #CURRENCIES_TOPIC},
 * transfers on {@code ledger:<SYMBOL>}, each as a gossip entry signed by its issuer or payer.
 * Every stored entry reaches this actor (from gossip after its commit, and from the store at
 * start), and {@link LedgerState} applies the same deterministic rules on every node, so nodes
 * holding the same transfers hold the same balances. Balances are not stored: they are
 * recomputed from the transfers, which gossip keeps whole.
 */
public final class LedgerActor extends Actor {
    public static final String NAME = "ledger";
    public static final String CURRENCIES_TOPIC = "ledger-meta:currencies";
    public static final String TRANSFER_TOPIC_PREFIX = "ledger:";
    /** Every ledger topic: gossip keeps them whole and tells this actor of each entry stored. */
    static final List<TopicPattern> TOPICS = List.of(TopicPattern.parse("ledger-meta:*"), TopicPattern.parse("ledger:*"));
    private static final Logger LOG = LoggerFactory.getLogger(LedgerActor.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final NodeIdentity identity;
    private final GossipActor gossip;
    private final LedgerMetrics metrics;

    private final Map<String, LedgerState> ledgers = new LinkedHashMap<>();
    private final Map<String, List<Transfer>> orphans = new HashMap<>();
    private final Map<String, List<CompletableFuture<String>>> waiters = new HashMap<>();
    private final Map<String, Map<Long, Long>> reserved = new HashMap<>();
    /** The verdict last counted in the metrics per transfer: an equivocation can turn accepted into void. */
    private final Map<String, String> counted = new HashMap<>();

    record CurrencyData(@JsonProperty("v") int version, @JsonProperty("symbol") String symbol,
                        @JsonProperty("decimals") int decimals, @JsonProperty("creditLimit") long creditLimit) {
    }

    record TransferData(@JsonProperty("v") int version, @JsonProperty("currencyId") String currencyId,
                        @JsonProperty("symbol") String symbol, @JsonProperty("payee") String payee,
                        @JsonProperty("amount") long amount, @JsonProperty("seq") long seq,
                        @JsonProperty("frontier") Map<String, Long> frontier, @JsonProperty("memo") String memo) {
    }

    /** A transfer signed and checked here, on its way to gossip. */
    private record Prepared(byte[] data, Currency currency, long seq) {
    }

    public record BalanceView(String currency, String currencyId, int decimals, long balance, long creditLimit) {
    }

    public record TransferView(String hash, String currency, String payer, String payee, long amount, long seq,
                               String memo, long timestamp, String status) {
    }

    public record CurrencyView(String id, String symbol, int decimals, long creditLimit, String issuer) {
    }

    public LedgerActor(ActorContext context, NodeIdentity identity, GossipActor gossip) {
        super(NAME, context);
        this.identity = identity;
        this.gossip = gossip;
        this.metrics = new LedgerMetrics(context.metrics());
        // balances are recomputed from every transfer, so evicting one would change history
        gossip.retainWhole(TOPICS);
        gossip.onStored(TOPICS, entry -> tell(() -> onEntry(entry, true)));
    }

    // ---- the handle ----

    public CompletableFuture<CurrencyView> createCurrency(String symbol, int decimals, long creditLimit) {
        CompletableFuture<byte[]> prepared = ask(() -> {
            if (symbol == null || !Currency.SYMBOL.matcher(symbol).matches()) {
                throw new IllegalArgumentException("a currency symbol is 1 to 12 capitals and digits, starting with a letter");
            }
            if (decimals < 0 || decimals > 18 || creditLimit < 0) {
                throw new IllegalArgumentException("decimals must be 0 to 18 and creditLimit at least 0");
            }
            if (bySymbol(symbol).isPresent()) {
                throw new LedgerRejection("exists", "this node already knows a currency " + symbol);
            }
            return JSON.writeValueAsBytes(new CurrencyData(1, symbol, decimals, creditLimit));
        });
        return prepared.thenCompose(data -> gossip.publish(CURRENCIES_TOPIC, data))
                .thenCompose(entry -> applied(entry.hashHex()))
                .thenCompose(id -> ask(() -> view(ledgers.get(id).currency())));
    }

    /** Pays {@code amount} of {@code symbol} from this node's DID; completes once applied here. */
    public CompletableFuture<String> transfer(Did payee, String symbol, long amount, String memo) {
        CompletableFuture<Prepared> prepared = ask(() -> {
            LedgerState ledger = bySymbol(symbol).orElseThrow(() ->
                    new LedgerRejection("currency", "no currency " + symbol + " on this node"));
            Currency currency = ledger.currency();
            Did me = identity.did();
            Map<Long, Long> mine = reserved.computeIfAbsent(currency.id(), id -> new TreeMap<>());
            long seq = Math.max(ledger.nextSeq(me), mine.isEmpty() ? 1 : ((TreeMap<Long, Long>) mine).lastKey() + 1);
            Map<Did, Long> frontier = ledger.frontierFor(me);
            Transfer draft = new Transfer(null, currency.id(), currency.symbol(), me, payee, amount, seq, frontier,
                    memo, System.currentTimeMillis());
            long unapplied = mine.values().stream().mapToLong(Long::longValue).sum();
            String verdict = ledger.check(draft, unapplied);
            if (!LedgerState.ACCEPTED.equals(verdict)) {
                metrics.rejected.labels(verdict).inc();
                throw new LedgerRejection(verdict, describe(verdict, currency));
            }
            mine.put(seq, amount);
            Map<String, Long> wireFrontier = new TreeMap<>();
            frontier.forEach((did, s) -> wireFrontier.put(did.value(), s));
            byte[] data = JSON.writeValueAsBytes(new TransferData(1, currency.id(), currency.symbol(), payee.value(),
                    amount, seq, wireFrontier, memo));
            return new Prepared(data, currency, seq);
        });
        return prepared.thenCompose(p -> gossip.publish(TRANSFER_TOPIC_PREFIX + p.currency().symbol(), p.data())
                        .whenComplete((entry, error) -> {
                            if (error != null) {
                                tell(() -> reserved.get(p.currency().id()).remove(p.seq()));
                            }
                        }))
                .thenCompose(entry -> applied(entry.hashHex()));
    }

    public CompletableFuture<List<BalanceView>> balances(Did account) {
        return ask(() -> ledgers.values().stream().map(l -> new BalanceView(l.currency().symbol(), l.currency().id(),
                l.currency().decimals(), l.balance(account), l.currency().creditLimit())).toList());
    }

    public CompletableFuture<List<TransferView>> transfers(String symbol) {
        return ask(() -> {
            List<TransferView> out = new ArrayList<>();
            for (LedgerState ledger : ledgers.values()) {
                if (symbol == null || ledger.currency().symbol().equals(symbol)) {
                    for (Transfer t : ledger.transfers()) {
                        out.add(new TransferView(t.hash(), t.symbol(), t.payer().value(), t.payee().value(), t.amount(),
                                t.seq(), t.memo(), t.timestampMillis(), ledger.verdict(t.hash()).orElse("pending")));
                    }
                }
            }
            return out;
        });
    }

    public CompletableFuture<List<CurrencyView>> currencies() {
        return ask(() -> ledgers.values().stream().map(l -> view(l.currency())).toList());
    }

    // ---- lifecycle ----

    @Override
    protected void doStart() throws Exception {
        List<Entry> history = gossip.storedEntries(TOPICS).get(1, java.util.concurrent.TimeUnit.MINUTES);
        history.forEach(entry -> onEntry(entry, false));
        reserved.clear();
        LOG.info("ledger: {} currencies, {} transfers replayed from the store", ledgers.size(),
                history.size() - ledgers.size());
    }

    // ---- applying entries ----

    /** {@code live}: just stored (count it); otherwise replayed from the store at start. */
    private void onEntry(Entry entry, boolean live) {
        if (entry.topic().equals(CURRENCIES_TOPIC)) {
            onCurrency(entry, live);
        } else if (entry.topic().startsWith(TRANSFER_TOPIC_PREFIX)) {
            onTransfer(entry, live);
        }
        updateGauges();
    }

    private void onCurrency(Entry entry, boolean live) {
        CurrencyData data;
        try {
            data = JSON.readValue(entry.data(), CurrencyData.class);
        } catch (IOException e) {
            data = null;
        }
        if (data == null || data.version() != 1 || data.symbol() == null || !Currency.SYMBOL.matcher(data.symbol()).matches()
                || data.decimals() < 0 || data.decimals() > 18 || data.creditLimit() < 0) {
            if (live) {
                metrics.rejected.labels("currency").inc();
            }
            return;
        }
        String id = entry.hashHex();
        if (!ledgers.containsKey(id)) {
            ledgers.put(id, new LedgerState(new Currency(id, data.symbol(), data.decimals(), data.creditLimit(), entry.author())));
            for (Transfer orphan : orphans.getOrDefault(id, List.of())) {
                record(ledgers.get(id).offer(orphan), live);
            }
            orphans.remove(id);
        }
        complete(id, id);
    }

    private void onTransfer(Entry entry, boolean live) {
        Transfer transfer = parse(entry);
        if (transfer == null) {
            if (live) {
                metrics.rejected.labels("malformed").inc();
            }
            return;
        }
        LedgerState ledger = ledgers.get(transfer.currencyId());
        if (ledger == null) {
            orphans.computeIfAbsent(transfer.currencyId(), id -> new ArrayList<>()).add(transfer);
            return;
        }
        if (!ledger.currency().symbol().equals(transfer.symbol())) {
            if (live) {
                metrics.rejected.labels("malformed").inc();
            }
            return;
        }
        record(ledger.offer(transfer), live);
    }

    private static Transfer parse(Entry entry) {
        try {
            TransferData data = JSON.readValue(entry.data(), TransferData.class);
            if (data.version() != 1 || data.currencyId() == null || data.symbol() == null || data.payee() == null
                    || !entry.topic().equals(TRANSFER_TOPIC_PREFIX + data.symbol())) {
                return null;
            }
            Map<Did, Long> frontier = new HashMap<>();
            if (data.frontier() != null) {
                for (Map.Entry<String, Long> named : data.frontier().entrySet()) {
                    frontier.put(Did.parse(named.getKey()), named.getValue());
                }
            }
            return new Transfer(entry.hashHex(), data.currencyId(), data.symbol(), entry.author(), Did.parse(data.payee()),
                    data.amount(), data.seq(), Map.copyOf(frontier), data.memo(), entry.timestampMillis());
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private void record(LedgerState.Outcome outcome, boolean live) {
        long now = System.currentTimeMillis();
        for (Transfer t : outcome.accepted()) {
            if (t.payer().equals(identity.did())) {
                Map<Long, Long> mine = reserved.get(t.currencyId());
                if (mine != null) {
                    mine.remove(t.seq());
                }
            }
            if (live && counted.putIfAbsent(t.hash(), LedgerState.ACCEPTED) == null) {
                metrics.transactions.inc();
                metrics.transactionAmount.observe(t.amount());
                metrics.applyLatency.observe(Math.max(0, now - t.timestampMillis()) / 1000.0);
            }
            complete(t.hash(), t.hash());
        }
        outcome.refused().forEach((t, reason) -> {
            if (live && !reason.equals(counted.put(t.hash(), reason))) {
                metrics.rejected.labels(reason).inc();
                LOG.info("refused transfer {} by {}: {}", t.hash(), t.payer(), reason);
            }
            fail(t.hash(), new LedgerRejection(reason, "the transfer was refused"));
        });
    }

    /** Completes with the hash once the entry is applied (or refused); at once if it already was. */
    private CompletableFuture<String> applied(String hash) {
        return ask(() -> {
            CompletableFuture<String> done = new CompletableFuture<>();
            if (ledgers.containsKey(hash)) {
                done.complete(hash);
            } else {
                for (LedgerState ledger : ledgers.values()) {
                    String verdict = ledger.verdict(hash).orElse(null);
                    if (LedgerState.ACCEPTED.equals(verdict)) {
                        done.complete(hash);
                    } else if (verdict != null) {
                        done.completeExceptionally(new LedgerRejection(verdict, "the transfer was refused"));
                    }
                }
            }
            if (!done.isDone()) {
                waiters.computeIfAbsent(hash, h -> new ArrayList<>()).add(done);
            }
            return done;
        }).thenCompose(f -> f);
    }

    private void complete(String hash, String value) {
        List<CompletableFuture<String>> list = waiters.remove(hash);
        if (list != null) {
            list.forEach(f -> f.complete(value));
        }
    }

    private void fail(String hash, RuntimeException error) {
        List<CompletableFuture<String>> list = waiters.remove(hash);
        if (list != null) {
            list.forEach(f -> f.completeExceptionally(error));
        }
    }

    private java.util.Optional<LedgerState> bySymbol(String symbol) {
        return ledgers.values().stream().filter(l -> l.currency().symbol().equals(symbol)).findFirst();
    }

    private static String describe(String verdict, Currency currency) {
        return switch (verdict) {
            case "credit_limit" -> "the payment would take the payer below its credit limit of "
                    + currency.creditLimit() + " " + currency.symbol();
            case "amount" -> "the amount must be positive";
            case "self" -> "a node cannot pay itself";
            default -> "refused";
        };
    }

    private static CurrencyView view(Currency c) {
        return new CurrencyView(c.id(), c.symbol(), c.decimals(), c.creditLimit(), c.issuer().value());
    }

    private void updateGauges() {
        Set<Did> accounts = new HashSet<>();
        int pending = orphans.values().stream().mapToInt(List::size).sum();
        for (LedgerState ledger : ledgers.values()) {
            accounts.addAll(ledger.balances().keySet());
            pending += ledger.pending();
        }
        metrics.accounts.setValue((double) accounts.size());
        metrics.currencies.setValue((double) ledgers.size());
        metrics.pending.setValue((double) pending);
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("currencies", ledgers.size());
        details.put("accounts", metrics.accounts.getValue().intValue());
        details.put("pending", metrics.pending.getValue().intValue());
        return details;
    }
}
