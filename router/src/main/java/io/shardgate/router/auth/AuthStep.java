package io.shardgate.router.auth;

import io.shardgate.pgwire.message.Authentication;
import io.shardgate.router.errors.SqlError;
import java.util.List;
import java.util.Objects;

/** What a session does next while authenticating a client, as {@link Authenticator} decides. */
public sealed interface AuthStep {
  /** Send {@code request}, then hand the body of the client's next 'p' message to the authenticator. */
  record Challenge(Authentication request) implements AuthStep {
    public Challenge {
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * Send {@code messages} in order (they end with AuthenticationOk; SCRAM's AuthenticationSASLFinal comes
   * before it); the client is authenticated and startup goes on (ParameterStatus, BackendKeyData, ...).
   */
  record Authenticated(List<Authentication> messages) implements AuthStep {
    public Authenticated {
      messages = List.copyOf(messages);
    }
  }

  /** Send {@code error} as a FATAL ErrorResponse and close the connection. */
  record Failed(SqlError error) implements AuthStep {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
