export { PRODUCT_COLUMNS, EXPORT_COLUMNS, readHeader, type ProductColumn } from './layout';
export { readCsvRows, type CsvRow, type CsvSource } from './read';
export { draftProduct, parseTags, type ProductDraft, type Rejection } from './drafts';
export {
  importBatch,
  variantTitle,
  type ImportTarget,
  type RowVerdict,
  type Verdict,
} from './batch';
export {
  DEFAULT_BATCH_ROWS,
  MAX_LISTED_ROWS,
  MAX_REPORTED_REJECTIONS,
  importTarget,
  planImport,
  runImport,
  type ImportCounts,
  type ImportOptions,
  type ImportSummary,
} from './import';
export {
  createImportJob,
  getImportJob,
  listImportJobs,
  processImportJob,
  rejectionsCsv,
  startImportJob,
  type ImportFiles,
  type ImportJob,
  type ImportStatus,
} from './jobs';
export { exportOrdersCsv, exportProductsCsv, ORDER_EXPORT_COLUMNS } from './export';
