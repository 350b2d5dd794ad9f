import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, getSettings, resetSettingsCache, updateSettings } from './settings';

describe('settings', () => {
  it('defaults to the dark theme and a 30 s refresh', () => {
    expect(getSettings()).toEqual({ theme: 'dark', refreshIntervalSeconds: 30 });
    expect(DEFAULT_SETTINGS.refreshIntervalSeconds).toBe(30);
  });

  it('remembers changes in localStorage', () => {
    updateSettings({ theme: 'light', refreshIntervalSeconds: 0 });
    resetSettingsCache();

    expect(getSettings()).toEqual({ theme: 'light', refreshIntervalSeconds: 0 });
  });

  it('ignores stored values it does not know', () => {
    window.localStorage.setItem(
      'opsdeck.settings',
      JSON.stringify({ theme: 'neon', refreshIntervalSeconds: 7 }),
    );

    expect(getSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
