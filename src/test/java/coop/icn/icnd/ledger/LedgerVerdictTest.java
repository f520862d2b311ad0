package coop.icn.icnd.ledger;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.obs.MetricFactory;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verdict labels are the node's interface (metric label, JSON status): pinned here. */
class LedgerVerdictTest {
    @Test
    void labelsAreTheOnesMetricsAndTheApiPublish() {
        assertThat(Arrays.stream(LedgerVerdict.values()).map(LedgerVerdict::label)).containsExactly("accepted",
                "malformed", "amount", "self", "sequence", "frontier", "credit_limit", "equivocation", "frozen",
                "currency", "exists");
    }

    @Test
    void everyCountedRefusalIsExportedAtZeroBeforeItsFirstUse() {
        MetricRegistry registry = new MetricRegistry();
        LedgerMetrics metrics = new LedgerMetrics(new MetricFactory(registry, 100));

        assertThat(registry.getCounters().keySet().stream().filter(name -> name.startsWith("icn_ledger_rejected_total.")))
                .containsExactlyInAnyOrder("icn_ledger_rejected_total.malformed", "icn_ledger_rejected_total.amount",
                        "icn_ledger_rejected_total.self", "icn_ledger_rejected_total.sequence",
                        "icn_ledger_rejected_total.frontier", "icn_ledger_rejected_total.credit_limit",
                        "icn_ledger_rejected_total.equivocation", "icn_ledger_rejected_total.frozen",
                        "icn_ledger_rejected_total.currency");
        assertThat(registry.getCounters().values()).allMatch(counter -> counter.getCount() == 0);
        metrics.rejected(LedgerVerdict.FRONTIER);
        assertThat(registry.counter("icn_ledger_rejected_total.frontier").getCount()).isEqualTo(1);
        assertThatThrownBy(() -> metrics.rejected(LedgerVerdict.EXISTS)).isInstanceOf(IllegalArgumentException.class);
    }
}
