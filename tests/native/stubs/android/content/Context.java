// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package android.content;

public abstract class Context {
    public abstract Context getApplicationContext();

    public String getPackageName() { throw new UnsupportedOperationException("compile-only stub"); }

    public void startActivity(Intent intent) { throw new UnsupportedOperationException("compile-only stub"); }
}
