// Numeric checks: is a minute-of-week within business hours, and when is the next opening.
const OPEN = 9 * 60;
const CLOSE = 17 * 60 + 30;

function isOpen(day, minute) {
  return day >= 1 && day <= 5 && minute >= OPEN && minute < CLOSE;
}

function main(params) {
  const t = ((params.minuteOfWeek | 0) % 10080 + 10080) % 10080;
  const day = Math.floor(t / 1440);
  const minute = t % 1440;
  const open = isOpen(day, minute);
  let wait = 0;
  let d = day;
  let m = minute;
  while (!isOpen(d, m) && wait < 10080) {
    m += 30 - (m % 30);
    if (m >= 1440) {
      m = 0;
      d = (d + 1) % 7;
    }
    wait++;
  }
  return { day, minute, open, steps: wait, label: open ? 'open' : day === 0 || day === 6 ? 'weekend' : 'closed' };
}
