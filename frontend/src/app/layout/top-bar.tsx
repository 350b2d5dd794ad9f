import { useIsFetching } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Badge } from '../../components/ui/badge';
import { paths } from '../../config/paths';
import { SignOutButton } from '../../features/auth/components/sign-out-button';
import { roleLabel } from '../../lib/authorization';
import { updateSettings, useSettings } from '../../lib/settings';
import type { Principal } from '../../types/api';
import { SettingsDialog } from './settings-dialog';

export function TopBar({ principal }: { principal: Principal }) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  const tenantLabel =
    principal.scope === 'platform'
      ? 'Platform'
      : (principal.tenant?.name ?? principal.tenant_id ?? 'Unknown tenant');

  return (
    <header className="top-bar">
      <Link to={paths.home} className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Opsdeck
      </Link>
      <RefreshIndicator />
      <div className="top-bar-spacer" />
      <div className="identity" aria-label="Signed in as">
        <span className="identity-name">{principal.name}</span>
        <span className="identity-tenant" title={principal.tenant_id ?? undefined}>
          {tenantLabel}
        </span>
        <Badge tone="accent">{roleLabel(principal.role)}</Badge>
      </div>
      <ThemeToggle />
      <button type="button" className="btn btn-ghost" onClick={() => setSettingsOpen(true)}>
        Settings
      </button>
      <SignOutButton />
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </header>
  );
}

function ThemeToggle() {
  const { theme } = useSettings();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="btn btn-ghost"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => updateSettings({ theme: next })}
    >
      {theme === 'dark' ? 'Light theme' : 'Dark theme'}
    </button>
  );
}

/** A quiet sign that background polling is under way. */
function RefreshIndicator() {
  const fetching = useIsFetching();
  return (
    <span className={`refresh-indicator${fetching > 0 ? ' is-active' : ''}`} aria-hidden="true">
      {fetching > 0 ? 'Refreshing…' : ''}
    </span>
  );
}
