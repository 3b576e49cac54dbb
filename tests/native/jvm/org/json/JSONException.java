// JVM stand-in for Android's org.json (the platform ships it; the JVM does not). Our own minimal
// implementation of the subset the bridge uses, with Android's behaviour for it: checked
// JSONException, Integer/Long/Double numbers, insertion-ordered objects, put(null) removes.
package org.json;

public class JSONException extends Exception {
    private static final long serialVersionUID = 1L;

    public JSONException(String message) {
        super(message);
    }
}
