/**
 * How busy a tenant is at a given minute: office hours peak in the early afternoon (UTC),
 * nights and weekends stay quiet. Normalised so the week averages to 1.
 */
const hourFactor = (hour: number) => 0.3 + 1.4 * Math.exp(-((hour - 13) ** 2) / (2 * 3.5 ** 2));
const weekdayFactor = (weekday: number) => (weekday === 0 || weekday === 6 ? 0.35 : 1.15);

const WEEK_MEAN = (() => {
  let sum = 0;
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      sum += hourFactor(hour) * weekdayFactor(day);
    }
  }
  return sum / (7 * 24);
})();

export function activityLevel(epochMs: number): number {
  const date = new Date(epochMs);
  return (hourFactor(date.getUTCHours() + date.getUTCMinutes() / 60) * weekdayFactor(date.getUTCDay())) / WEEK_MEAN;
}
