export { batchesOf, CsvError, parseStockCsv, type StockLine } from './csv.ts';
export { syncStock, type SyncReport } from './client.ts';
