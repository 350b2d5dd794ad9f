import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetSettingsCache } from '../lib/settings';

// Whole-app tests load route chunks lazily, as the browser does; on a cold transform cache under
// parallel load the first load can take longer than Testing Library's default second.
configure({ asyncUtilTimeout: 3000 });

// jsdom does not implement scrolling; the router's scroll restoration calls it on every navigation.
window.scrollTo = () => undefined;

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  window.localStorage.clear();
  resetSettingsCache();
  delete document.documentElement.dataset.theme;
});
