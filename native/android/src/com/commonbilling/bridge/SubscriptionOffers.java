package com.commonbilling.bridge;

import java.util.ArrayList;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONObject;

import com.commonbilling.bridge.store.PricingPhase;
import com.commonbilling.bridge.store.StoreOffer;

/** A subscription product's offers on the wire (protocol/bridge.ts NativeSubscriptionOffer). */
final class SubscriptionOffers {
    private SubscriptionOffers() {
    }

    /**
     * A subscription's base plans and offers as the protocol lists them (NativeSubscriptionOffer); the
     * offer tokens stay here. Play: ProductDetails.getSubscriptionOfferDetails() (basePlanId, offerId,
     * pricingPhases), developer.android.com/reference/com/android/billingclient/api/ProductDetails.SubscriptionOfferDetails.
     */
    static JSONArray toJson(List<StoreOffer> offers) {
        JSONArray out = new JSONArray();
        for (StoreOffer o : offers) {
            List<JSONObject> phases = new ArrayList<JSONObject>();
            for (PricingPhase ph : o.phases) {
                phases.add(Json.object("formattedPrice", ph.formattedPrice, "priceMicros", ph.priceMicros, "currency", ph.currency,
                    "billingPeriod", ph.billingPeriod, "cycles", ph.cycles));
            }
            boolean freeTrial = o.phases.size() > 1 && o.phases.get(0).priceMicros == 0L;
            out.put(Json.object("offerId", o.offerId == null ? JSONObject.NULL : o.offerId, "basePlanId", o.optionId,
                "kind", o.offerId == null ? "base" : "offer", "freeTrial", freeTrial, "pricingPhases", Json.array(phases)));
        }
        return out;
    }
}
