import { AuditEvent } from '../model/event';
import { FilterCondition } from '../model/query';
import { nearestNames, unknownActivities, unknownActivityNotices } from './unknownActivities';

const row = (values: string[], operator: FilterCondition['operator'] = 'eq'): FilterCondition => ({
  field: 'activity',
  operator,
  values,
});
const read = (activity: string) => ({ activity }) as AuditEvent;

describe('unknown activity names', () => {
  it('lists eq values the table does not know, once per match key', () => {
    const rows = [
      row(['Zzqx wvvk', 'zzqx WVVK ', 'update application - certificates and secrets management']),
      row(['Qq'], 'startsWith'),
    ];
    expect(unknownActivities(rows)).toEqual(['Zzqx wvvk']);
  });

  it('suggests the nearest names and bounds the work on a long value', () => {
    expect(nearestNames('add servce principal')).toEqual(['Add service principal']);
    expect(nearestNames('x'.repeat(200_000))).toEqual([]);
  });

  it('says so only on a 0-row answer, for names no event read carries, at most three', () => {
    const rows = [row(['Aaa one', 'Bbb two', 'Ccc three', 'Ddd four', 'Eee five'])];
    expect(unknownActivityNotices(rows, 1, [])).toEqual([]);
    const notices = unknownActivityNotices(rows, 0, [read('aaa ONE ')]);
    expect(notices.map((n) => n.text.slice(0, 36))).toEqual([
      "No activity named 'Bbb two' is among",
      "No activity named 'Ccc three' is amo",
      "No activity named 'Ddd four' is amon",
    ]);
  });
});
