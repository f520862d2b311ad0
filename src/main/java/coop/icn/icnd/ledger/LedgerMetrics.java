package coop.icn.icnd.ledger;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

/** The ledger actor's metrics, bound once. */
final class LedgerMetrics {
    static final String[] REASONS = {"malformed", "amount", "self", "sequence", "frontier", "credit_limit",
        "equivocation", "frozen", "currency"};

    final DefaultSettableGauge<Double> accounts;
    final DefaultSettableGauge<Double> currencies;
    final Counter transactions;
    final BucketHistogram transactionAmount;
    final Labelled<Counter> rejected;
    final DefaultSettableGauge<Double> pending;
    final BucketHistogram applyLatency;

    LedgerMetrics(MetricFactory factory) {
        accounts = factory.settableGauge(MetricCatalogue.LEDGER_ACCOUNTS);
        currencies = factory.settableGauge(MetricCatalogue.LEDGER_CURRENCIES);
        transactions = factory.counter(MetricCatalogue.LEDGER_TRANSACTIONS);
        transactionAmount = factory.histogram(MetricCatalogue.LEDGER_TRANSACTION_AMOUNT);
        rejected = factory.labelledCounter(MetricCatalogue.LEDGER_REJECTED);
        for (String reason : REASONS) {
            rejected.labels(reason);
        }
        pending = factory.settableGauge(MetricCatalogue.LEDGER_PENDING);
        applyLatency = factory.histogram(MetricCatalogue.LEDGER_APPLY_LATENCY);
    }
}
