import { Dialog } from '../../components/ui/dialog';
import {
  REFRESH_INTERVAL_CHOICES,
  updateSettings,
  useSettings,
  type RefreshIntervalSeconds,
} from '../../lib/settings';

function describeInterval(seconds: RefreshIntervalSeconds): string {
  return seconds === 0 ? 'Off' : `Every ${seconds} s`;
}

/** Console preferences; each change applies at once and is remembered in this browser. */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const settings = useSettings();
  return (
    <Dialog
      open={open}
      title="Settings"
      size="small"
      onClose={onClose}
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <fieldset className="radio-group">
        <legend className="field-label">Auto-refresh</legend>
        <p className="field-hint">How often open pages reload their data in the background.</p>
        {REFRESH_INTERVAL_CHOICES.map((seconds) => (
          <label key={seconds} className="radio">
            <input
              type="radio"
              name="refresh-interval"
              value={seconds}
              checked={settings.refreshIntervalSeconds === seconds}
              onChange={() => updateSettings({ refreshIntervalSeconds: seconds })}
            />
            {describeInterval(seconds)}
          </label>
        ))}
      </fieldset>
      <fieldset className="radio-group">
        <legend className="field-label">Theme</legend>
        {(['dark', 'light'] as const).map((theme) => (
          <label key={theme} className="radio">
            <input
              type="radio"
              name="theme"
              value={theme}
              checked={settings.theme === theme}
              onChange={() => updateSettings({ theme })}
            />
            {theme === 'dark' ? 'Dark' : 'Light'}
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
