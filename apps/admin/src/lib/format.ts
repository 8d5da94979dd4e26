/** Dates and times as the admin shows them: day, month, year and time, in UTC (say "UTC"). */
export const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** A moment as the admin shows it ("2 Dec 2026, 14:30 UTC"), or "—" for none (never used). */
export function formatWhen(date: Date | null): string {
  return date ? `${dateTimeFormat.format(date)} UTC` : '—';
}
