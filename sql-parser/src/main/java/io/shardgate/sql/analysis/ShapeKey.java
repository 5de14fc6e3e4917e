package io.shardgate.sql.analysis;

import java.util.Arrays;

/**
 * The cache key of a statement shape: the normalised text, which literal texts are equal to which, and the
 * catalog version the analysis was made under.
 *
 * @param text           the statement with value literals replaced by placeholders (see {@link LiteralNormalizer})
 * @param sameLiteral    for each literal text, the index of the first equal one; null when all are distinct
 * @param catalogVersion {@link ShardKeyCatalog#version()} when the statement was looked up
 */
record ShapeKey(String text, int[] sameLiteral, long catalogVersion) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ShapeKey k && catalogVersion == k.catalogVersion && text.equals(k.text)
                && Arrays.equals(sameLiteral, k.sameLiteral);
    }

    @Override
    public int hashCode() {
        return (text.hashCode() * 31 + Arrays.hashCode(sameLiteral)) * 31 + Long.hashCode(catalogVersion);
    }

    @Override
    public String toString() {
        return "ShapeKey[" + text.replace(LiteralNormalizer.PLACEHOLDER, '?') + ", sameLiteral="
                + Arrays.toString(sameLiteral) + ", catalogVersion=" + catalogVersion + "]";
    }
}
