let zones: readonly string[] | null = null;

/**
 * The IANA time zones this browser knows. `Intl.supportedValuesOf` lists canonical zones only,
 * so the ever-useful "UTC" is added explicitly.
 */
export function listTimeZones(): readonly string[] {
  zones ??= Array.from(new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]));
  return zones;
}

export function isKnownTimeZone(value: string): boolean {
  return listTimeZones().includes(value);
}
