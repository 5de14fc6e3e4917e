package io.shardgate.engine.value;

import io.shardgate.engine.EngineException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The types the engine understands, by OID (pg_type.oid), with their array types. */
public final class PgTypes {
  public static final int BOOL = 16;
  public static final int BYTEA = 17;
  public static final int NAME = 19;
  public static final int INT8 = 20;
  public static final int INT2 = 21;
  public static final int INT4 = 23;
  public static final int TEXT = 25;
  public static final int OID = 26;
  public static final int JSON = 114;
  public static final int FLOAT4 = 700;
  public static final int FLOAT8 = 701;
  public static final int BPCHAR = 1042;
  public static final int VARCHAR = 1043;
  public static final int DATE = 1082;
  public static final int TIME = 1083;
  public static final int TIMESTAMP = 1114;
  public static final int TIMESTAMPTZ = 1184;
  public static final int INTERVAL = 1186;
  public static final int NUMERIC = 1700;
  public static final int UUID = 2950;
  public static final int JSONB = 3802;

  private static final Map<Integer, PgType> BY_OID = new HashMap<>();
  private static final Map<Integer, Integer> ARRAY_OF = new HashMap<>();

  static {
    scalar(new PgType(BOOL, "boolean", (short) 1, true, BoolCodec::decode, BoolCodec::encode), 1000);
    scalar(new PgType(BYTEA, "bytea", (short) -1, true, TextCodec::decodeBytea, TextCodec::encodeBytea), 1001);
    scalar(new PgType(NAME, "name", (short) 64, true, TextCodec::decodeText, TextCodec::encodeText), 1003);
    scalar(integer(INT8, "bigint", 8), 1016);
    scalar(integer(INT2, "smallint", 2), 1005);
    scalar(integer(INT4, "integer", 4), 1007);
    scalar(new PgType(TEXT, "text", (short) -1, true, TextCodec::decodeText, TextCodec::encodeText), 1009);
    scalar(new PgType(OID, "oid", (short) 4, true, IntegerCodec.oidDecoder(), IntegerCodec.oidEncoder()), 1028);
    // json has no btree operator class: PostgreSQL refuses to sort, group or DISTINCT it, and so do we.
    scalar(new PgType(JSON, "json", (short) -1, false, TextCodec::decodeText, TextCodec::encodeText), 199);
    scalar(new PgType(FLOAT4, "real", (short) 4, true, FloatCodec.decoder(true), FloatCodec.encoder(true)), 1021);
    scalar(new PgType(FLOAT8, "double precision", (short) 8, true, FloatCodec.decoder(false),
        FloatCodec.encoder(false)), 1022);
    scalar(new PgType(BPCHAR, "character", (short) -1, true, TextCodec::decodeBpchar, TextCodec::encodeText), 1014);
    scalar(new PgType(VARCHAR, "character varying", (short) -1, true, TextCodec::decodeText,
        TextCodec::encodeText), 1015);
    scalar(new PgType(DATE, "date", (short) 4, true, DateTimeCodec::decodeDate, DateTimeCodec::encodeDate), 1182);
    scalar(new PgType(TIME, "time without time zone", (short) 8, true, DateTimeCodec::decodeTime,
        DateTimeCodec::encodeTime), 1183);
    scalar(new PgType(TIMESTAMP, "timestamp without time zone", (short) 8, true,
        DateTimeCodec.timestampDecoder(false), DateTimeCodec::encodeTimestamp), 1115);
    scalar(new PgType(TIMESTAMPTZ, "timestamp with time zone", (short) 8, true,
        DateTimeCodec.timestampDecoder(true), DateTimeCodec::encodeTimestamptzBinary), 1185);
    scalar(new PgType(INTERVAL, "interval", (short) 16, true, IntervalCodec::decode, IntervalCodec::encode), 1187);
    scalar(new PgType(NUMERIC, "numeric", (short) -1, true, NumericCodec::decode, NumericCodec::encode), 1231);
    scalar(new PgType(UUID, "uuid", (short) 16, true, TextCodec::decodeUuid, TextCodec::encodeUuid), 2951);
    scalar(new PgType(JSONB, "jsonb", (short) -1, true, TextCodec::decodeJsonb, null), 3807);
  }

  private PgTypes() {}

  private static PgType integer(int oid, String name, int width) {
    return new PgType(oid, name, (short) width, true, IntegerCodec.decoder(name, width),
        IntegerCodec.encoder(name, width));
  }

  private static void scalar(PgType type, int arrayOid) {
    BY_OID.put(type.oid(), type);
    ARRAY_OF.put(type.oid(), arrayOid);
    BY_OID.put(arrayOid, new PgType(arrayOid, type.name() + "[]", (short) -1, type.comparable(),
        ArrayCodec.decoder(type), ArrayCodec.encoder(type)));
  }

  /** The OID of the array type whose elements have type {@code elementOid}, if the engine knows it. */
  public static Optional<Integer> arrayOf(int elementOid) {
    return Optional.ofNullable(ARRAY_OF.get(elementOid));
  }

  /** The type with this OID, if the engine knows it. */
  public static Optional<PgType> find(int oid) {
    return Optional.ofNullable(BY_OID.get(oid));
  }

  /** The type with this OID, or a feature_not_supported error naming what the engine was asked to do. */
  public static PgType of(int oid, String purpose) {
    PgType t = BY_OID.get(oid);
    if (t == null) {
      throw EngineException.unsupportedType(oid, purpose);
    }
    return t;
  }

  /** The type with this OID; for types the caller knows are supported. */
  public static PgType of(int oid) {
    return of(oid, "merge");
  }
}
