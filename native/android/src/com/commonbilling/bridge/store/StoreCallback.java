package com.commonbilling.bridge.store;

/** One asynchronous store answer. {@code value} is meaningful only when the result is OK. */
public interface StoreCallback<T> {
    void done(StoreResult result, T value);
}
