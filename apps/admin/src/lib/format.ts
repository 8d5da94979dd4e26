/** Dates and times as the admin shows them: day, month, year and time, in UTC (say "UTC"). */
export const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
