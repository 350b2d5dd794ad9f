import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import type { Principal } from '../../types/api';
import { visibleNavigation, type NavigationSection } from '../navigation';

/** The pages this principal's role may use; the others are not shown at all. */
export function SideNav({ principal }: { principal: Principal }) {
  const sections = visibleNavigation(principal);
  return (
    <nav className="side-nav" aria-label="Main">
      {sections.map((section) => (
        <NavSection key={section.title} section={section} principal={principal} />
      ))}
      {sections.length === 0 ? <p className="side-nav-empty">No pages for this role.</p> : null}
    </nav>
  );
}

function NavSection({ section, principal }: { section: NavigationSection; principal: Principal }) {
  const headingId = useId();
  return (
    <div className="nav-section">
      <h2 id={headingId} className="nav-section-title">
        {section.title}
      </h2>
      <ul aria-labelledby={headingId}>
        {section.items.map((item) => (
          <li key={item.to}>
            <Link to={item.to} className="nav-link" activeOptions={{ exact: true, includeSearch: false }}>
              {item.label(principal)}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
