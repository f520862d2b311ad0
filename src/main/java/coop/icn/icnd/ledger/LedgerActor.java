package coop.icn.icnd.ledger;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owns currencies, accounts and transfers. Mutual credit over gossip arrives with the ledger
 * issue; until then the actor runs, answers its health check and exports its metrics at their
 * true value (no currencies, no transfers).
 */
public final class LedgerActor extends Actor {
    public static final String NAME = "ledger";

    private final LedgerMetrics metrics;

    public LedgerActor(ActorContext context) {
        super(NAME, context);
        this.metrics = new LedgerMetrics(context.metrics());
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("currencies", metrics.currencies.getValue().intValue());
        details.put("accounts", metrics.accounts.getValue().intValue());
        return details;
    }
}
