package com.commonbilling.bridge;

import org.json.JSONObject;

/** Answers exactly one request. Markets call one of the two methods once. */
public interface Reply {
    void ok(JSONObject result);

    void fail(BridgeFailure failure);
}
