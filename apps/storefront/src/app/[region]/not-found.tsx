import { CatalogNotFound } from '~/components/catalog-not-found';

export default function NotFound() {
  return <CatalogNotFound />;
}
