export {
  CURRENCY_DIGITS,
  MAX_MINOR_UNITS,
  SUPPORTED_CURRENCIES,
  currencyDigits,
  isSupportedCurrency,
  type CurrencyCode,
} from './currencies';
export { parseDecimal, toDecimal, type ParseOptions, type ParsedAmount } from './decimal';
export { DEFAULT_LOCALE, formatMoney, parseMoney } from './format';
