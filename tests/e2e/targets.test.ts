// 任务督办 in a real browser against the real server (demo data): a reported metric through
// submit → return → resubmit → approve between a city and the province, the approved value
// then shown as 报送 on the province's 任务督办 page; the drill-down province → city → county;
// sub-targets with their mismatch; a county user's own view; warnings; the cockpit's map;
// plan editing with a version conflict explained; the report downloads. 1280 px wide.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, warnMissingChromium } from './support/chromium.ts';
import { screenshot, signInHome, waitForText } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) warnMissingChromium();

const Y = 'year=2025&asOf=2025-12-31';
const KEY = 'assist_budget_cities';
const PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

describe.skipIf(!chromiumPath && !inCi)('任务督办 in Chromium', () => {
  const suite = browserSuite(chromiumPath);
  const base = suite.base;
  const pageErrors = suite.pageErrors;
  let page: Page;

  async function as(username: string) {
    page = await suite.freshPage({ width: 1280, height: 800 });
    await signInHome(page, base(), username);
  }

  const reportCard = () => page.getByTestId(`report-card-${KEY}`);
  const statusOf = async () => reportCard().locator('[data-status]').first().getAttribute('data-status');
  const reviewRow = () =>
    page.getByTestId('review-table').locator('tbody tr.ant-table-row').filter({ hasText: '杭州市总工会' });

  async function provinceRow(key: string) {
    await page.goto(`${base()}/targets?${Y}`);
    const row = page.getByTestId('targets-table').locator(`tr[data-row-key="${key}"]`);
    await row.waitFor({ timeout: 20_000 });
    return row;
  }

  it('shows the province the 2025 plan with owners, pace and the source of each number', async () => {
    await as('province.admin');
    const row = await provinceRow(KEY);
    await poll(() => page.getByTestId('targets-summary').textContent()).toContain('浙江省总工会');
    expect(await page.getByTestId('targets-table').textContent()).toContain(
      '省总工会劳动和经济工作部、宣传部，市、县（市、区）总工会，省级产业工会，浙江工匠学院',
    );
    expect(await row.locator('[data-source]').first().textContent()).toBe('报送（已审核）');
    expect(await row.getByTestId('actual').textContent()).toBe('0 个');
    expect(await row.getByTestId('pending').count()).toBe(0);
    const counted = page.getByTestId('targets-table').locator('tr[data-row-key="provincial_studios_new"]');
    expect(await counted.locator('[data-source]').first().textContent()).toBe('统计');
    expect(await counted.locator('[data-pace]').count()).toBe(1);
    // Fits 1280 px: no horizontal scrolling of the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await screenshot(page, 'targets-01-province');
  });

  it('lets a city fill in and submit a reported metric', async () => {
    await as('hangzhou.admin');
    await page.goto(`${base()}/target-reports?year=2025`);
    await reportCard().waitFor({ timeout: 20_000 });
    expect(await reportCard().textContent()).toContain('未填报');
    await page.locator(`#report-${KEY}_explanation`).fill('市总工会已将助企行经费纳入 2025 年度预算。');
    await page.locator(`#report-${KEY}_evidence`).fill('杭工〔2025〕1 号');
    await reportCard().getByTestId('report-submit').click();
    await poll(statusOf).toBe('submitted');
    await screenshot(page, 'targets-02-city-submitted');
  });

  it('shows the province the pending value apart from the approved one, and lets it return it with a reason', async () => {
    await as('province.admin');
    const row = await provinceRow(KEY);
    await poll(() => row.getByTestId('pending').textContent()).toBe('待审核 1 个');
    expect(await row.getByTestId('actual').textContent()).toBe('0 个'); // not mixed in
    await page.goto(`${base()}/target-reports?year=2025`);
    await reviewRow().waitFor({ timeout: 20_000 });
    expect(await reviewRow().textContent()).toContain('杭工〔2025〕1 号');
    await reviewRow()
      .getByRole('button', { name: /退\s*回/ })
      .click();
    await page.getByTestId('reason-ok').click();
    await waitForText(page, '请写明原因'); // a reason is required
    await page.locator('#reason-form_reason').fill('请附预算批复文件的文号与页码');
    await page.getByTestId('reason-ok').click();
    await waitForText(page, '已退回');
    await screenshot(page, 'targets-03-province-returned');
  });

  it('shows the city the reason; the city edits and resubmits', async () => {
    await as('hangzhou.admin');
    await page.goto(`${base()}/target-reports?year=2025`);
    await reportCard().waitFor({ timeout: 20_000 });
    await poll(statusOf).toBe('returned');
    expect(await reportCard().getByTestId('return-reason').textContent()).toContain(
      '请附预算批复文件的文号与页码',
    );
    expect(
      await reportCard()
        .getByTestId(/timeline-/)
        .textContent(),
    ).toContain('退回');
    await page.locator(`#report-${KEY}_evidence`).fill('杭工〔2025〕1 号，第 3 页（预算批复）');
    // Returned: the evidence file can be attached again.
    await reportCard()
      .locator('input[type=file]')
      .setInputFiles({ name: '预算批复.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
    await poll(() => page.getByTestId(`report-files-${KEY}`).textContent()).toContain('预算批复.pdf');
    await screenshot(page, 'targets-04-city-returned');
    await reportCard().getByTestId('report-submit').click();
    await poll(statusOf).toBe('submitted');
  });

  it('lets the province approve; 任务督办 then shows the approved value as 报送', async () => {
    await as('province.admin');
    await page.goto(`${base()}/target-reports?year=2025`);
    await reviewRow().waitFor({ timeout: 20_000 });
    expect(await reviewRow().textContent()).toContain('第 3 页');
    expect(await reviewRow().textContent()).toContain('预算批复.pdf'); // the evidence file, before approving
    await reviewRow()
      .getByRole('button', { name: /审核通过/ })
      .click();
    await waitForText(page, '已审核通过');
    await screenshot(page, 'targets-05-province-approved');
    const row = await provinceRow(KEY);
    await poll(() => row.getByTestId('actual').textContent()).toBe('1 个');
    expect(await row.locator('[data-source]').first().textContent()).toBe('报送（已审核）');
    expect(await row.getByTestId('pending').count()).toBe(0);
    await screenshot(page, 'targets-06-province-approved-value');
  });

  it('drills down province → city → county to the organisations behind a coverage rate', async () => {
    await page.getByTestId('metric-link-county_academy_coverage').click();
    await poll(() => page.getByTestId('metric-title').textContent()).toContain('浙江省总工会');
    const children = page.getByTestId('children-table');
    await children.getByTestId('child-330100').waitFor({ timeout: 20_000 });
    expect(await children.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(11);
    await children.getByTestId('child-330100').click();
    await poll(() => page.getByTestId('metric-title').textContent()).toContain('杭州市总工会');
    await poll(() => page.getByTestId('children-table').locator('tbody tr.ant-table-row').count()).toBe(13);
    expect(await page.getByTestId('metric-breadcrumb').textContent()).toContain('浙江省总工会');
    await page.getByTestId('children-table').getByTestId('child-330127').click();
    await poll(() => page.getByTestId('crumb-current').textContent()).toBe('淳安县总工会');
    const crumbs = await page.getByTestId('metric-breadcrumb').textContent();
    expect(crumbs).toMatch(/任务督办.*浙江省总工会.*杭州市总工会.*淳安县总工会/);
    await page.getByTestId('records-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('records-table').textContent()).toContain('淳安县总工会');
    const download = page.waitForEvent('download');
    await page.getByTestId('records-export').click();
    expect((await download).suggestedFilename()).toMatch(/county_academy_coverage.*\.xlsx$/);
    await screenshot(page, 'targets-07-drill-county');
  });

  it('assigns sub-targets to cities and shows where they do not add up', async () => {
    await page.goto(`${base()}/targets/metrics/lecture_sessions?${Y}&org=330000`);
    await page.getByTestId('decomp-edit').click();
    const input = (code: string) =>
      page.locator(`input[data-testid="decomp-input-${code}"], [data-testid="decomp-input-${code}"] input`);
    await input('330100').fill('1500');
    await input('330200').fill('1000');
    await poll(() => page.getByTestId('decomp-live').textContent()).toContain('分解合计比本级目标少 7,500');
    await screenshot(page, 'targets-08-decomposition');
    await page.getByTestId('decomp-save').click();
    await poll(() => page.getByTestId('decomp-mismatch').textContent()).toContain(
      '分解合计比本级目标少 7,500',
    );
    const hz = page.getByTestId('children-table').locator('tr[data-row-key="330100"]');
    await poll(() => hz.textContent()).toContain('1,500');
  });

  it('shows the warnings, with a ranking of the cities for the province only', async () => {
    await page.goto(`${base()}/warnings?${Y}`);
    await poll(() =>
      page.getByTestId('warnings-table').locator('tbody tr.ant-table-row').count(),
    ).toBeGreaterThan(0);
    const first = await page
      .getByTestId('warnings-table')
      .locator('tbody tr.ant-table-row')
      .first()
      .textContent();
    expect(first).toContain('严重'); // most severe first
    await page.getByTestId('ranking').waitFor();
    // 督办提醒 to the cities: sent once; pressed again the same week, nothing new.
    await page.getByTestId('send-reminders').click();
    await waitForText(page, '条督办提醒');
    await screenshot(page, 'targets-09-warnings');
  });

  it('colours the schematic county map and drills down from a tile', async () => {
    await page.goto(`${base()}/cockpit?${Y}&metric=county_academy_coverage`);
    const map = page.getByTestId('county-map');
    await poll(() =>
      map
        .locator('text')
        .filter({ hasText: /^淳安$/ })
        .count(),
    ).toBe(1);
    expect(await map.locator('path').count()).toBeGreaterThanOrEqual(90);
    // Bars carry their values as labels; the city bars their cities' names on the axis.
    await poll(() =>
      page.getByTestId('task-bars').locator('text').filter({ hasText: /%$/ }).count(),
    ).toBeGreaterThan(20);
    await poll(() =>
      page
        .getByTestId('area-bars')
        .locator('text')
        .filter({ hasText: /^杭州市$/ })
        .count(),
    ).toBe(1);
    await screenshot(page, 'targets-10-cockpit');
    await map
      .locator('text')
      .filter({ hasText: /^淳安$/ })
      .click();
    await poll(() => page.url()).toContain('org=330127');
    await poll(() => page.getByTestId('metric-title').textContent()).toContain('淳安县总工会');
  });

  it('draws a flow metric’s monthly trend against last year', async () => {
    await page.goto(`${base()}/targets/metrics/academy_training_total?${Y}&org=330100`);
    const chart = page.getByTestId('trend-chart');
    await poll(() =>
      chart
        .locator('text')
        .filter({ hasText: /^12 月$/ })
        .count(),
    ).toBe(1);
    expect(
      await chart
        .locator('text')
        .filter({ hasText: /^2024 年$/ })
        .count(),
    ).toBe(1); // last year
  });

  it('downloads the Word and Excel reports for the chosen organisation and date', async () => {
    await page.goto(`${base()}/targets?${Y}&org=330100`);
    await poll(() => page.getByTestId('targets-summary').textContent()).toContain('杭州市总工会');
    for (const [id, ext] of [
      ['download-word', 'docx'],
      ['download-excel', 'xlsx'],
    ] as const) {
      const href = await page.getByTestId(id).getAttribute('href');
      expect(href).toContain('org=330100');
      expect(href).toContain('asOf=2025-12-31');
      const download = page.waitForEvent('download');
      await page.getByTestId(id).click();
      const d = await download;
      expect(d.suggestedFilename().endsWith(`.${ext}`)).toBe(true);
      const path = await d.path();
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('edits the plan (copied to a new year), explaining a version conflict', async () => {
    await page.goto(`${base()}/plans?year=2025`);
    await page.getByTestId('copy-plan').click();
    await page.locator('#copy-form_toYear').fill('2030');
    await page.getByTestId('copy-ok').click();
    await waitForText(page, '已生成 2030 年度方案');
    await poll(() => page.getByTestId('plan-title').textContent()).toContain('2030');
    await page.getByTestId('edit-metric-lecture_sessions').click();
    await page.locator('#metric-form_target').fill('12000');
    await page.getByTestId('metric-save').click();
    await poll(() =>
      page.getByTestId('plan-metric-lecture_sessions').getByTestId('plan-target').textContent(),
    ).toBe('≥ 12,000 场次');
    // Someone else changes the task meanwhile: the stale save is refused and explained.
    await page.getByTestId('edit-task-4').click();
    await page.locator('#task-form_title').fill('开展新质生产力主题宣讲。（修改）');
    const plan = await page.evaluate(async () => (await fetch('/api/plans/2030')).json());
    const task = plan.tasks.find((x: { no: string }) => x.no === '4');
    const status = await page.evaluate(
      async ([id, version]) =>
        (
          await fetch(`/api/plans/2030/tasks/${id}`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ version, owners: '省总工会宣传教育部' }),
          })
        ).status,
      [task.id, task.version],
    );
    expect(status).toBe(200);
    await page.getByTestId('task-save').click();
    // (antd keeps a hidden copy of a dialog's title for screen readers: wait for the visible one.)
    await page.getByText('数据已被他人修改').filter({ visible: true }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'targets-11-plan-conflict');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await poll(() => page.getByTestId('plan-tasks').textContent()).toContain('省总工会宣传教育部');
  });

  it('shows a county user its own county only', async () => {
    await as('chunan.admin');
    await page.goto(`${base()}/targets?${Y}`);
    await poll(() => page.getByTestId('targets-summary').textContent()).toContain('淳安县总工会');
    await page.getByTestId('org-select').click();
    const options = page.locator('.ant-select-tree-treenode .ant-select-tree-title');
    await poll(() => options.count()).toBeGreaterThan(0);
    expect(new Set(await options.allTextContents())).toEqual(new Set(['淳安县总工会']));
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await screenshot(page, 'targets-12-county');
    await page.goto(`${base()}/warnings?${Y}`);
    await page.getByTestId('warnings-table').waitFor();
    expect(await page.getByTestId('ranking').count()).toBe(0); // no rankings below the managing level
    await page.goto(`${base()}/targets/metrics/county_academy_coverage?${Y}&org=330100`);
    await waitForText(page, '组织不存在');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
