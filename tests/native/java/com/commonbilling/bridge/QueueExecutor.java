package com.commonbilling.bridge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** Stands in for the Android UI thread's message queue: tasks run only when the test drains it. */
final class QueueExecutor implements Executor {
    private final Deque<Runnable> tasks = new ArrayDeque<Runnable>();

    @Override
    public void execute(Runnable task) {
        tasks.addLast(task);
    }

    int pending() {
        return tasks.size();
    }

    /** Runs tasks in order, including tasks they post, until the queue is empty. */
    void drain() {
        int guard = 0;
        while (!tasks.isEmpty()) {
            if (++guard > 10000) throw new IllegalStateException("the UI queue does not settle");
            tasks.removeFirst().run();
        }
    }
}
