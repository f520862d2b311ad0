package coop.icn.icnd.ledger;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

import java.util.EnumSet;
import java.util.Map;

/** The ledger actor's metrics, bound once. */
final class LedgerMetrics {
    final DefaultSettableGauge<Double> accounts;
    final DefaultSettableGauge<Double> currencies;
    final Counter transactions;
    final BucketHistogram transactionAmount;
    final DefaultSettableGauge<Double> pending;
    final BucketHistogram applyLatency;
    /** One child per counted refusal, bound here so every reason is exported (at 0) before its first refusal. */
    private final Map<LedgerVerdict, Counter> rejected;

    LedgerMetrics(MetricFactory factory) {
        accounts = factory.settableGauge(MetricCatalogue.LEDGER_ACCOUNTS);
        currencies = factory.settableGauge(MetricCatalogue.LEDGER_CURRENCIES);
        transactions = factory.counter(MetricCatalogue.LEDGER_TRANSACTIONS);
        transactionAmount = factory.histogram(MetricCatalogue.LEDGER_TRANSACTION_AMOUNT);
        EnumSet<LedgerVerdict> counted = EnumSet.allOf(LedgerVerdict.class);
        counted.removeIf(verdict -> !verdict.isCounted());
        rejected = factory.counterPerValue(MetricCatalogue.LEDGER_REJECTED, counted);
        pending = factory.settableGauge(MetricCatalogue.LEDGER_PENDING);
        applyLatency = factory.histogram(MetricCatalogue.LEDGER_APPLY_LATENCY);
    }

    /** Counts a refusal under its reason; a verdict the metric does not count (accepted, exists) is a bug. */
    void rejected(LedgerVerdict reason) {
        Counter counter = rejected.get(reason);
        if (counter == null) {
            throw new IllegalArgumentException(reason + " is not counted in " + MetricCatalogue.LEDGER_REJECTED.metricName());
        }
        counter.inc();
    }
}
