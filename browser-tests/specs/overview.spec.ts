import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

import { check, expectLoaded, expectText, expectVisible, waitForHost } from '../runner/expect';
import { readmeImage } from '../runner/readmeImages';
import type { BrowserTest } from '../runner/browserTest';
import { expectNoSecretsReachedPage } from './steps';

interface PanelRecord {
  state: string;
  range: { from: number; to: number };
  frames: Array<{ rows: number }>;
  errors: string[];
}

interface ProvisionedPanel {
  type: string;
  title: string;
}

const DASHBOARD_JSON = path.resolve(__dirname, '../../provisioning/dashboards/json/entra-audit-overview.json');
/** Read here by Node, independently of the page's bundled copy, so a panel the page skips is noticed. */
const PANELS = (JSON.parse(readFileSync(DASHBOARD_JSON, 'utf8')) as { panels: ProvisionedPanel[] }).panels;

async function panelDone(page: Page, title: string): Promise<PanelRecord> {
  const panel = (await waitForHost<PanelRecord | null>(
    page,
    `panels[${JSON.stringify(title)}]`,
    (record) => record !== null && (record.state === 'Done' || record.state === 'Error'),
    `panel "${title}" never finished`,
    30_000
  )) as PanelRecord;
  check(panel.state === 'Done', `panel "${title}" failed: ${panel.errors.join('; ')}`);
  return panel;
}

/** What each panel type must show once its query is done. */
async function expectDrawn(page: Page, panel: ProvisionedPanel): Promise<void> {
  const box = page.getByTestId(`host-panel-${panel.title}`);
  switch (panel.type) {
    case 'timeseries':
      await expectVisible(box.locator('canvas'), `the uPlot canvas of "${panel.title}"`);
      break;
    case 'stat':
      await expectText(box.getByTestId('host-stat'), /\d/);
      break;
    case 'bargauge':
      await expectText(box.getByTestId('host-bargauge'), /\d/);
      break;
    default:
      await expectVisible(box.getByTestId('host-table'), `the table of "${panel.title}"`);
  }
}

export const overviewSpecs: BrowserTest[] = [
  {
    name: 'overview: the provisioned dashboard, every panel at its grid position, in both themes (README images)',
    async run(context) {
      check(PANELS.length >= 8, `the provisioned dashboard has ${PANELS.length} panels`);
      for (const theme of ['dark', 'light'] as const) {
        const page = await context.open('overview', theme);
        await expectLoaded(page);
        const shown = await page.locator('[data-testid^="host-panel-"]').count();
        check(shown === PANELS.length, `the page shows ${shown} panels, the dashboard JSON has ${PANELS.length}`);
        for (const panel of PANELS) {
          await panelDone(page, panel.title);
          await expectDrawn(page, panel);
        }

        // Variables at All filter nothing: the events table holds every event of the 24 hours.
        const events = await panelDone(page, 'Audit events');
        const truth = context.emulator.groundTruth({ from: events.range.from, to: events.range.to });
        check(
          events.frames[0].rows === truth.total,
          `the events table has ${events.frames[0].rows} events, the tenant logged ${truth.total}`
        );
        const failures = context.emulator.groundTruth({ ...events.range, filter: "result eq 'failure'" });
        const stat = await expectText(page.getByTestId('host-panel-Failed operations').getByTestId('host-stat'), /\d/);
        check(
          stat.replace(/\D/g, '') === String(failures.total),
          `the stat shows "${stat}", the tenant logged ${failures.total} failures`
        );

        check(context.pageErrors().length === 0, `errors in the page:\n${context.pageErrors().join('\n')}`);
        await readmeImage(page, `dashboard-${theme}`);
        await page.close();
      }
      expectNoSecretsReachedPage(context);
    },
  },
];
