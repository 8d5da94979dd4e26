export { DEFAULT_MAIL_FROM, type MailMessage, type MailTransport } from './types';
export { escapeHtml } from './html';
export {
  isMailTemplateName,
  MailTemplateError,
  mailTemplateNames,
  renderMail,
  type MailTemplateData,
  type MailTemplateName,
} from './render';
export type { RenderContext, RenderedMail } from './templates/shared';
export { orderLink, type OrderConfirmationData } from './templates/order-confirmation';
export type { PasswordResetData } from './templates/password-reset';
export type { PaymentRefundedData } from './templates/payment-refunded';
export type { OrderShippedData } from './templates/order-shipped';
export type { StaffInviteData } from './templates/staff-invite';
export { createFileTransport, slugify } from './transports/file';
export { createSmtpTransport } from './transports/smtp';
export {
  createMailTransport,
  DEFAULT_MAIL_DIR,
  type ConfiguredMailTransport,
  type MailEnv,
} from './transport';
