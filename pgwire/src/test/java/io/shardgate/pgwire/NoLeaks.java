package io.shardgate.pgwire;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reports a buffer that was never released. Netty only
 * logs leaks (through java.util.logging here, as no other logging backend is on the test classpath),
 * so this listens to that log, then forces a collection and a few allocations to make the detector
 * look at the buffers the class dropped.
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback {
  private static final Logger DETECTOR_LOG = Logger.getLogger(ResourceLeakDetector.class.getName());
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static final Handler HANDLER = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.SEVERE.intValue()
          && String.valueOf(record.getMessage()).contains("LEAK")) {
        LEAKS.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  static {
    DETECTOR_LOG.addHandler(HANDLER);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
      fail("tests must run with -Dio.netty.leakDetection.level=paranoid (see the parent pom)");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
      // In paranoid mode every allocation polls the detector's queue of collected, unreleased buffers.
      ByteBufAllocator.DEFAULT.buffer(1).release();
      ByteBufAllocator.DEFAULT.heapBuffer(1).release();
    }
    if (!LEAKS.isEmpty()) {
      List<String> found = List.copyOf(LEAKS);
      LEAKS.clear();
      fail("Netty reported " + found.size() + " leaked buffer(s):\n" + String.join("\n", found));
    }
  }
}
