import { Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, type RefObject } from 'react';
import { usePrincipal } from '../../features/auth/api/get-me';
import { SideNav } from './side-nav';
import { TopBar } from './top-bar';

/**
 * After a client-side navigation, focus goes to the page itself, as it would after a full page
 * load: keyboard and screen reader users continue in the new content, not in the menu.
 */
function useFocusPageAfterNavigation(mainRef: RefObject<HTMLElement | null>) {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const previousPathname = useRef(pathname);
  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname, mainRef]);
}

/** The signed-in shell: top bar, side navigation, and the page of the current route. */
export function AppLayout() {
  const principal = usePrincipal();
  const mainRef = useRef<HTMLElement>(null);
  useFocusPageAfterNavigation(mainRef);

  return (
    <div className="app-shell">
      <a
        href="#main-content"
        className="skip-link"
        onClick={(event) => {
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <TopBar principal={principal} />
      <div className="app-body">
        <SideNav principal={principal} />
        <main ref={mainRef} id="main-content" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
