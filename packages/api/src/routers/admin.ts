import { mergeRouters, router } from '../trpc/admin';
import { adminAuditRouter } from './admin-audit';
import { adminStaffRouter } from './admin-staff';
import { adminImagesRouter } from './admin-images';
import { adminImportsRouter } from './admin-imports';
import { adminProductsRouter } from './admin-products';
import { adminCategoriesRouter, adminCollectionsRouter } from './admin-catalog-groups';
import { adminSettingsRouter } from './admin-settings';
import { adminDashboardRouter } from './admin-dashboard';
import { adminOrdersRouter } from './admin-orders';
import { adminStockRouter } from './admin-stock';
import { adminCustomersRouter } from './admin-customers';
import { adminDiscountsRouter } from './admin-discounts';
import { adminTokensRouter } from './admin-tokens';
import { adminPluginsRouter } from './admin-plugins';
import { adminSearchRouter } from './admin-search';
import { adminWebhooksRouter } from './admin-webhooks';

export const adminRouter = router({
  products: mergeRouters(adminProductsRouter, router({ images: adminImagesRouter })),
  categories: adminCategoriesRouter,
  collections: adminCollectionsRouter,
  orders: adminOrdersRouter,
  search: adminSearchRouter,
  stock: adminStockRouter,
  imports: adminImportsRouter,
  customers: adminCustomersRouter,
  discounts: adminDiscountsRouter,
  tokens: adminTokensRouter,
  plugins: adminPluginsRouter,
  webhooks: adminWebhooksRouter,
  audit: adminAuditRouter,
  staff: adminStaffRouter,
  settings: adminSettingsRouter,
  dashboard: adminDashboardRouter,
});
