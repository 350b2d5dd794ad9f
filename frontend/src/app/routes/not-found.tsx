import { Link } from '@tanstack/react-router';
import { paths } from '../../config/paths';

export function NotFound() {
  return (
    <div className="route-error">
      <h1 className="page-title">Page not found</h1>
      <p>There is no console page at this address.</p>
      <div className="route-error-actions">
        <Link to={paths.home} className="btn btn-primary">
          Go to the start page
        </Link>
      </div>
    </div>
  );
}
