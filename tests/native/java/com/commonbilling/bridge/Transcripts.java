package com.commonbilling.bridge;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.json.JSONException;
import org.json.JSONObject;

/** Loads tests/fixtures/bridge/*.json (the directory comes from -Dtranscripts=…). */
final class Transcripts {
    /** Markets whose bridge is not Java; their transcripts are replayed by the TypeScript mock only. */
    static final List<String> NOT_ON_ANDROID = Arrays.asList("app-store");

    private Transcripts() {
    }

    static File directory() {
        String dir = System.getProperty("transcripts");
        if (dir == null) throw new IllegalStateException("run with -Dtranscripts=tests/fixtures/bridge");
        return new File(dir);
    }

    static List<JSONObject> all() throws IOException, JSONException {
        File[] files = directory().listFiles();
        if (files == null || files.length == 0) throw new IllegalStateException("no transcripts in " + directory());
        Arrays.sort(files);
        List<JSONObject> out = new ArrayList<JSONObject>();
        for (File f : files) {
            if (f.getName().endsWith(".json")) out.add(new JSONObject(new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8)));
        }
        return out;
    }

    static List<JSONObject> forAndroid() throws IOException, JSONException {
        List<JSONObject> out = new ArrayList<JSONObject>();
        for (JSONObject t : all()) {
            if (!NOT_ON_ANDROID.contains(t.optString("market"))) out.add(t);
        }
        return out;
    }
}
