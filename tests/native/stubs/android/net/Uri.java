// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package android.net;

public abstract class Uri {
    public static Uri parse(String uriString) { throw new UnsupportedOperationException("compile-only stub"); }
}
