package io.shardgate.router.frontend;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live client sessions by the cancel key (process id, secret) each was given. */
public final class SessionRegistry {
  private final Map<Long, ClientSession> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Registers a session under a fresh key; returns {pid, secret}. */
  int[] register(ClientSession session) {
    while (true) {
      int pid = random.nextInt(Integer.MAX_VALUE - 1) + 1;
      int secret = random.nextInt();
      if (sessions.putIfAbsent(key(pid, secret), session) == null) {
        return new int[] {pid, secret};
      }
    }
  }

  void unregister(int pid, int secret) {
    sessions.remove(key(pid, secret));
  }

  ClientSession find(int pid, int secret) {
    return sessions.get(key(pid, secret));
  }

  public int size() {
    return sessions.size();
  }

  private static long key(int pid, int secret) {
    return ((long) pid << 32) | (secret & 0xFFFFFFFFL);
  }
}
