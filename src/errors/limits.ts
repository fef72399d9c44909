// The size limits of YAML inputs, apart from the parser: the one bounded reader (io/read.ts) needs
// the byte limits at start-up, and importing them must not load the YAML library.

export interface YamlLimits {
  /** What the file is, for messages: "a project file". */
  kind: string;
  /** The largest file accepted, in bytes of UTF-8. */
  maxBytes: number;
  /** The deepest nesting of mappings and lists accepted. */
  maxDepth: number;
  /**
   * The most keys, values and list items (counted on the tokens, roughly): the library keeps about
   * 1 KB per value, and a 1 MB file of `[1,1,1,…]` holds half a million.
   */
  maxValues: number;
}

/**
 * The limits, with a wide margin over real files: the shipped policy is 60 KB with 5,240 values
 * nested 11 levels deep, its test file 13 KB with 1,036 values; a project file is under 1 KB with
 * under 100 values nested 3 levels deep (1,000 projects of three fields are 10,000 values).
 */
export const YAML_LIMITS = {
  project: { kind: 'a project file', maxBytes: 1_000_000, maxDepth: 32, maxValues: 50_000 },
  policy: { kind: 'a policy file', maxBytes: 5_000_000, maxDepth: 64, maxValues: 200_000 },
  tests: { kind: 'a policy test file', maxBytes: 5_000_000, maxDepth: 64, maxValues: 200_000 },
} as const satisfies Record<string, YamlLimits>;
