package coop.icn.icnd.ledger;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

/** The ledger actor's metrics, bound once. */
final class LedgerMetrics {
    final DefaultSettableGauge<Double> accounts;
    final DefaultSettableGauge<Double> currencies;
    final Counter transactions;
    final BucketHistogram transactionAmount;

    LedgerMetrics(MetricFactory factory) {
        accounts = factory.settableGauge(MetricCatalogue.LEDGER_ACCOUNTS);
        currencies = factory.settableGauge(MetricCatalogue.LEDGER_CURRENCIES);
        transactions = factory.counter(MetricCatalogue.LEDGER_TRANSACTIONS);
        transactionAmount = factory.histogram(MetricCatalogue.LEDGER_TRANSACTION_AMOUNT);
    }
}
