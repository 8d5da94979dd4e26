import Link from 'next/link';
import type { CategoryNode } from '@shop/validators';
import { listingPath } from '~/lib/region';

/**
 * The category tree with the branch leading to the current category opened (its ancestors and
 * itself show their children; other branches stay folded to their top level).
 */
export function CatalogCategoryNav({
  region,
  tree,
  currentId,
  openIds,
}: {
  region: string;
  tree: CategoryNode[];
  currentId?: number;
  /** The current category's ancestors and itself. */
  openIds: ReadonlySet<number>;
}) {
  return (
    <nav aria-label="All categories">
      <h2 className="text-sm font-semibold">Categories</h2>
      <CategoryList
        region={region}
        nodes={tree}
        currentId={currentId}
        openIds={openIds}
        depth={0}
      />
    </nav>
  );
}

function CategoryList({
  region,
  nodes,
  currentId,
  openIds,
  depth,
}: {
  region: string;
  nodes: CategoryNode[];
  currentId?: number;
  openIds: ReadonlySet<number>;
  depth: number;
}) {
  return (
    <ul
      className={
        depth === 0 ? 'mt-2 space-y-1' : 'mt-1 ml-3 space-y-1 border-l border-neutral-200 pl-3'
      }
    >
      {nodes.map((node) => {
        const isCurrent = node.id === currentId;
        return (
          <li key={node.id}>
            <Link
              href={listingPath(region, 'category', node.handle)}
              aria-current={isCurrent ? 'page' : undefined}
              className={`block py-1 text-sm hover:underline ${
                isCurrent ? 'font-semibold text-accent' : 'text-neutral-700 hover:text-neutral-900'
              }`}
            >
              {node.name}
            </Link>
            {openIds.has(node.id) && node.children.length > 0 ? (
              <CategoryList
                region={region}
                nodes={node.children}
                currentId={currentId}
                openIds={openIds}
                depth={depth + 1}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
