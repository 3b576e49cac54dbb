package com.commonbilling.bridge.store;

import android.app.Activity;

/**
 * Store SDK listeners may run on binder or worker threads; every answer is moved to the UI thread
 * so that market state stays confined to it (Activity.runOnUiThread runs at once when already there).
 */
public final class UiThread {
    private UiThread() {
    }

    public static void post(ActivityProvider activities, Runnable r) {
        Activity activity = activities.current();
        if (activity != null) activity.runOnUiThread(r);
        else r.run();
    }
}
