const NAMES = (() => {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" });
  } catch {
    return undefined;
  }
})();

/** A few hundred codes exist; the hot routes name them thousands of times a second, and Intl is slow. */
const known = new Map<string, string>();

/** The English name of an ISO 639 code ("fr" -> "French"), the code itself when Intl has none. */
export function languageName(code: string): string {
  if (!code) return "unknown";
  let name = known.get(code);
  if (name === undefined) {
    try {
      name = NAMES?.of(code) ?? code;
    } catch {
      name = code;
    }
    if (known.size < 2048) known.set(code, name);
  }
  return name;
}
