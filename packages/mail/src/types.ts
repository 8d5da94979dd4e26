/** One mail, already rendered: who it goes to and its two bodies. */
export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text body, for clients that do not show HTML and for screen readers. */
  text: string;
  html: string;
}

/** Where mail goes: an SMTP server, or files on disk in embedded mode. */
export interface MailTransport {
  /**
   * Sends one message and resolves with its Message-ID. Rejects when the message was not
   * accepted (server down, refused recipient, disk full): callers let that propagate so the job
   * queue retries the mail.
   */
  send(message: MailMessage): Promise<{ id: string }>;
}

/** The sender used when `MAIL_FROM` is not set. */
export const DEFAULT_MAIL_FROM = 'Shop <shop@localhost>';
