package com.commonbilling.bridge;

import java.util.ArrayList;
import java.util.List;

/** Records what the bridge sends to script, in order. */
final class RecordingChannel implements ScriptChannel {
    static final class Sent {
        final String event;
        final String arg;

        Sent(String event, String arg) {
            this.event = event;
            this.arg = arg;
        }
    }

    final List<Sent> sent = new ArrayList<Sent>();

    @Override
    public synchronized void send(String event, String arg) {
        sent.add(new Sent(event, arg));
    }

    List<Sent> takeAll() {
        List<Sent> out = new ArrayList<Sent>(sent);
        sent.clear();
        return out;
    }
}
