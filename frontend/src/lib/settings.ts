import { useSyncExternalStore } from 'react';

/**
 * The user's console preferences, remembered in localStorage (they are not secrets, unlike the
 * session key) and shared with every tab through the `storage` event.
 */

export type Theme = 'dark' | 'light';

/** Auto-refresh choices in seconds; 0 turns polling off. */
export const REFRESH_INTERVAL_CHOICES = [0, 10, 30, 60] as const;
export type RefreshIntervalSeconds = (typeof REFRESH_INTERVAL_CHOICES)[number];

export interface Settings {
  theme: Theme;
  refreshIntervalSeconds: RefreshIntervalSeconds;
}

export const DEFAULT_SETTINGS: Settings = { theme: 'dark', refreshIntervalSeconds: 30 };

const SETTINGS_STORAGE_KEY = 'opsdeck.settings';
const listeners = new Set<() => void>();
let current: Settings | null = null;

function readStoredSettings(): Settings {
  let stored: unknown;
  try {
    const raw = window.localStorage.getItem(SETTINGS_STORAGE_KEY);
    stored = raw ? JSON.parse(raw) : null;
  } catch {
    stored = null;
  }
  if (typeof stored !== 'object' || stored === null) return DEFAULT_SETTINGS;
  const candidate = stored as Partial<Record<keyof Settings, unknown>>;
  return {
    theme:
      candidate.theme === 'light' || candidate.theme === 'dark' ? candidate.theme : DEFAULT_SETTINGS.theme,
    refreshIntervalSeconds:
      REFRESH_INTERVAL_CHOICES.find((choice) => choice === candidate.refreshIntervalSeconds) ??
      DEFAULT_SETTINGS.refreshIntervalSeconds,
  };
}

/** The settings now in force (read once from localStorage, then kept in memory). */
export function getSettings(): Settings {
  current ??= readStoredSettings();
  return current;
}

/** Changes some settings, remembers them and re-renders every subscriber. */
export function updateSettings(patch: Partial<Settings>): void {
  current = { ...getSettings(), ...patch };
  try {
    window.localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(current));
  } catch {
    // Not remembered (storage denied), but still applied for this page.
  }
  notify();
}

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

function onStorage(event: StorageEvent): void {
  if (event.key !== SETTINGS_STORAGE_KEY && event.key !== null) return;
  current = readStoredSettings();
  notify();
}

/** Forgets the in-memory copy so the next read comes from storage (tests start from a clean slate). */
export function resetSettingsCache(): void {
  current = null;
}

export function useSettings(): Settings {
  return useSyncExternalStore(subscribe, getSettings, () => DEFAULT_SETTINGS);
}

/** The polling interval for TanStack Query's `refetchInterval`: milliseconds, or false when off. */
export function useRefetchInterval(): number | false {
  const { refreshIntervalSeconds } = useSettings();
  return refreshIntervalSeconds === 0 ? false : refreshIntervalSeconds * 1000;
}

/** Puts the theme on <html>, where the CSS variables of styles/tokens.css pick it up. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}
