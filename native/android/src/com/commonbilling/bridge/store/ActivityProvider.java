package com.commonbilling.bridge.store;

import android.app.Activity;

/** The game's current Activity (Cocos: GlobalObject.getActivity()); store UIs need it. */
public interface ActivityProvider {
    Activity current();
}
