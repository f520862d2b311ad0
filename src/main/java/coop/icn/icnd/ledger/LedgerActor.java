package coop.icn.icnd.ledger;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.gossip.Entry;
import coop.icn.icnd.gossip.EntryDraft;
import coop.icn.icnd.gossip.GossipActor;
import coop.icn.icnd.gossip.TopicPattern;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Mutual credit over gossip. Currency definitions and transfers travel as gossip entries signed by
 * their issuer or payer ({@link LedgerCodec}). Every stored entry reaches this actor (from gossip
 * after its commit, and from the store at start), and each currency's {@link LedgerBook} applies
 * the same deterministic rules on every node, so nodes holding the same transfers hold the same
 * balances. Balances are not stored: they are recomputed from the transfers, which gossip keeps
 * whole. This node's own payments are written by its {@link TransferAuthor}.
 */
public final class LedgerActor extends Actor {
    public static final String NAME = "ledger";
    /** Every ledger topic: gossip keeps them whole and tells this actor of each entry stored. */
    static final List<TopicPattern> TOPICS = List.of(TopicPattern.parse("ledger-meta:*"), TopicPattern.parse("ledger:*"));
    private static final Logger LOG = LoggerFactory.getLogger(LedgerActor.class);
    private static final AttributeKey<String> ENTRY = AttributeKey.stringKey("icn.entry.hash");
    private static final AttributeKey<String> TOPIC = AttributeKey.stringKey("icn.topic");
    private static final AttributeKey<String> CURRENCY = AttributeKey.stringKey("icn.ledger.currency");
    private static final AttributeKey<String> REFUSED = AttributeKey.stringKey("icn.ledger.refused");

    private final GossipActor gossip;
    private final Tracer tracer;
    private final LedgerMetrics metrics;
    private final TransferAuthor author;
    private final LedgerWaiters waiters = new LedgerWaiters();
    private final LedgerBooks books = new LedgerBooks();
    /** The verdict last counted in the metrics per transfer: an equivocation can turn accepted into void. */
    private final Map<String, LedgerVerdict> counted = new HashMap<>();

    /** A payment from this node's DID. */
    public record TransferOrder(Did payee, String symbol, long amount, String memo) {
    }

    /** What became of one {@link TransferOrder}: its hash once applied here, or its refusal. */
    public record TransferOutcome(String hash, LedgerRejection refusal) {
    }

    public record BalanceView(String currency, String currencyId, int decimals, long balance, long creditLimit) {
    }

    /** @param status a {@link LedgerVerdict#label()}, or {@code pending} while the book waits for what the transfer names */
    public record TransferView(String hash, String currency, String payer, String payee, long amount, long seq,
                               String memo, long timestamp, String status) {
        static TransferView of(Transfer t, Optional<LedgerVerdict> verdict) {
            return new TransferView(t.hash(), t.symbol(), t.payer().value(), t.payee().value(), t.amount(), t.seq(),
                    t.memo(), t.timestampMillis(), verdict.map(LedgerVerdict::label).orElse("pending"));
        }
    }

    public record CurrencyView(String id, String symbol, int decimals, long creditLimit, String issuer) {
        static CurrencyView of(Currency c) {
            return new CurrencyView(c.id(), c.symbol(), c.decimals(), c.creditLimit(), c.issuer().value());
        }
    }

    /** {@code tracer}: live entries are evaluated in {@code ledger.evaluate}, applied transfers in {@code ledger.apply}. */
    public LedgerActor(ActorContext context, NodeIdentity identity, GossipActor gossip, Tracer tracer) {
        super(NAME, context);
        this.gossip = gossip;
        this.tracer = tracer;
        this.metrics = new LedgerMetrics(context.metrics());
        this.author = new TransferAuthor(identity.did(), metrics);
        // balances are recomputed from every transfer, so evicting one would change history
        gossip.retainWhole(TOPICS);
        gossip.onStored(TOPICS, entry -> tell(() -> onEntry(entry, true)));
    }

    // ---- the handle ----

    public CompletableFuture<CurrencyView> createCurrency(String symbol, int decimals, long creditLimit) {
        CompletableFuture<byte[]> prepared = ask(() -> {
            Optional<String> problem = LedgerCodec.definitionProblem(symbol, decimals, creditLimit);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            if (books.bySymbol(symbol).isPresent()) {
                throw new LedgerRejection(LedgerVerdict.EXISTS, "this node already knows a currency " + symbol);
            }
            return LedgerCodec.encodeCurrency(symbol, decimals, creditLimit);
        });
        return prepared.thenCompose(data -> gossip.publish(LedgerCodec.CURRENCIES_TOPIC, data))
                .thenCompose(entry -> applied(entry.hashHex()))
                .thenCompose(id -> ask(() -> CurrencyView.of(books.byId(id).orElseThrow().currency())));
    }

    /** Pays {@code amount} of {@code symbol} from this node's DID; completes once applied here. */
    public CompletableFuture<String> transfer(Did payee, String symbol, long amount, String memo) {
        return pay(List.of(new TransferOrder(payee, symbol, amount, memo))).thenCompose(outcomes ->
                outcomes.get(0).refusal() == null ? CompletableFuture.completedFuture(outcomes.get(0).hash())
                        : CompletableFuture.failedFuture(outcomes.get(0).refusal()));
    }

    /**
     * Pays each order from this node's DID, in order: each is judged as if made alone after those
     * before it (whose sequences and amounts are reserved by then), so the first order that would
     * overdraw is refused and those before it are not. The accepted ones are published together,
     * in one commit; the result completes once each is applied here or refused, in the orders'
     * order. It fails as a whole only when gossip does not take the transfers.
     */
    public CompletableFuture<List<TransferOutcome>> pay(List<TransferOrder> orders) {
        CompletableFuture<CompletableFuture<List<TransferOutcome>>> started = ask(() -> {
            List<TransferAuthor.Prepared> prepared = new ArrayList<>();
            LedgerRejection[] refused = new LedgerRejection[orders.size()];
            for (int i = 0; i < orders.size(); i++) {
                TransferOrder order = orders.get(i);
                try {
                    LedgerBook book = books.bySymbol(order.symbol()).orElseThrow(() ->
                            new LedgerRejection(LedgerVerdict.CURRENCY, "no currency " + order.symbol() + " on this node"));
                    prepared.add(author.prepare(book, order.payee(), order.amount(), order.memo()));
                } catch (LedgerRejection rejection) {
                    refused[i] = rejection;
                }
            }
            // published from this thread, so gossip takes a payer's sequence n before n + 1, whoever asked first
            CompletableFuture<List<Entry>> published = prepared.isEmpty() ? CompletableFuture.completedFuture(List.of())
                    : gossip.publish(prepared.stream().map(p -> new EntryDraft(p.topic(), p.data())).toList());
            published.whenComplete((entries, error) -> {
                if (error != null) {
                    tell(() -> prepared.forEach(author::release));
                }
            });
            return published.thenCompose(entries -> applied(entries.stream().map(Entry::hashHex).toList()))
                    .thenApply(applied -> {
                        List<TransferOutcome> outcomes = new ArrayList<>(orders.size());
                        int next = 0;
                        for (LedgerRejection refusal : refused) {
                            outcomes.add(refusal != null ? new TransferOutcome(null, refusal) : applied.get(next++));
                        }
                        return outcomes;
                    });
        });
        return started.thenCompose(outcomes -> outcomes);
    }

    public CompletableFuture<List<BalanceView>> balances(Did account) {
        return ask(() -> books.all().stream().map(b -> new BalanceView(b.currency().symbol(), b.currency().id(),
                b.currency().decimals(), b.balance(account), b.currency().creditLimit())).toList());
    }

    public CompletableFuture<List<TransferView>> transfers(String symbol) {
        return ask(() -> {
            List<TransferView> out = new ArrayList<>();
            for (LedgerBook book : books.all()) {
                if (symbol == null || book.currency().symbol().equals(symbol)) {
                    book.transfers().forEach(t -> out.add(TransferView.of(t, book.verdict(t.hash()))));
                }
            }
            return out;
        });
    }

    public CompletableFuture<List<CurrencyView>> currencies() {
        return ask(() -> books.all().stream().map(b -> CurrencyView.of(b.currency())).toList());
    }

    // ---- lifecycle ----

    @Override
    protected void doStart() throws Exception {
        List<Entry> history = gossip.storedEntries(TOPICS).get(1, java.util.concurrent.TimeUnit.MINUTES);
        history.forEach(entry -> onEntry(entry, false));
        author.clear();
        LOG.info("ledger: {} currencies, {} transfers replayed from the store", books.currencies(),
                history.size() - books.currencies());
    }

    // ---- applying entries ----

    /** {@code live}: just stored (count it); otherwise replayed from the store at start. */
    private void onEntry(Entry entry, boolean live) {
        // a live entry continues the trace it was stored in (the message carries the context);
        // the replay at start is no one's request and is not traced
        Span span = live ? tracer.spanBuilder("ledger.evaluate").setAttribute(ENTRY, entry.hashHex())
                .setAttribute(TOPIC, entry.topic()).startSpan() : Span.getInvalid();
        try (Scope ignored = span.makeCurrent()) {
            if (entry.topic().equals(LedgerCodec.CURRENCIES_TOPIC)) {
                onCurrency(entry, live);
            } else if (entry.topic().startsWith(LedgerCodec.TRANSFER_TOPIC_PREFIX)) {
                onTransfer(entry, live);
            }
            updateGauges();
        } finally {
            span.end();
        }
    }

    private void onCurrency(Entry entry, boolean live) {
        Optional<Currency> currency = LedgerCodec.parseCurrency(entry);
        if (currency.isEmpty()) {
            refusedOutright(entry, LedgerVerdict.CURRENCY, live);
            return;
        }
        record(books.define(currency.get()), live);
        waiters.settled(currency.get().id(), LedgerVerdict.ACCEPTED);
    }

    private void onTransfer(Entry entry, boolean live) {
        Optional<Transfer> transfer = LedgerCodec.parseTransfer(entry);
        if (transfer.isEmpty()) {
            refusedOutright(entry, LedgerVerdict.MALFORMED, live);
        } else {
            record(books.offer(transfer.get()), live);
        }
    }

    /** An entry refused before any book sees it: counted (if live) and its waiters told here, as no book will. */
    private void refusedOutright(Entry entry, LedgerVerdict reason, boolean live) {
        if (live) {
            metrics.rejected(reason);
        }
        waiters.settled(entry.hashHex(), reason);
    }

    private void record(LedgerBook.Outcome outcome, boolean live) {
        long now = System.currentTimeMillis();
        for (Transfer t : outcome.accepted()) {
            author.settled(t);
            if (live && counted.putIfAbsent(t.hash(), LedgerVerdict.ACCEPTED) == null) {
                Span apply = tracer.spanBuilder("ledger.apply").setAttribute(ENTRY, t.hash())
                        .setAttribute(CURRENCY, t.symbol()).startSpan();
                try (Scope ignored = apply.makeCurrent()) {
                    metrics.transactions.inc();
                    metrics.transactionAmount.observe(t.amount());
                    metrics.applyLatency.observe(Math.max(0, now - t.timestampMillis()) / 1000.0);
                } finally {
                    apply.end();
                }
            }
            waiters.settled(t.hash(), LedgerVerdict.ACCEPTED);
        }
        outcome.refused().forEach((t, reason) -> {
            author.settled(t);
            if (live && counted.put(t.hash(), reason) != reason) {
                metrics.rejected(reason);
                Span.current().setAttribute(REFUSED, reason.label());
                LOG.info("refused transfer {} by {}: {}", t.hash(), t.payer(), reason.label());
            }
            waiters.settled(t.hash(), reason);
        });
    }

    /** Completes with the hash once the entry is applied here, or fails once it is refused; at once if it already was. */
    private CompletableFuture<String> applied(String hash) {
        return ask(() -> waiters.await(hash, books.verdict(hash))).thenCompose(done -> done);
    }

    /** Each hash's outcome, in their order, once every one is applied here or refused. */
    private CompletableFuture<List<TransferOutcome>> applied(List<String> hashes) {
        return ask(() -> hashes.stream().map(hash -> waiters.await(hash, books.verdict(hash))
                        .handle((done, error) -> new TransferOutcome(done, (LedgerRejection) error))).toList())
                .thenCompose(outcomes -> CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                        .thenApply(all -> outcomes.stream().map(CompletableFuture::join).toList()));
    }

    private void updateGauges() {
        metrics.accounts.setValue((double) books.accounts());
        metrics.currencies.setValue((double) books.currencies());
        metrics.pending.setValue((double) books.pending());
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("currencies", books.currencies());
        details.put("accounts", metrics.accounts.getValue().intValue());
        details.put("pending", metrics.pending.getValue().intValue());
        return details;
    }
}
