// 劳模工匠助企行 in a real browser against the real server (demo data): one demand from
// posting to rating through the three roles — the enterprise posts it, the county union
// reviews and dispatches it by choosing a craftsman, the craftsman (on a 375 px phone)
// accepts, records the service and completes it, the enterprise confirms and rates it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, warnMissingChromium } from './support/chromium.ts';
import { screenshot, signInHome, waitForText } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) warnMissingChromium();

const TITLE = `浏览器测试需求 ${Date.now().toString(36)}`;

describe.skipIf(!chromiumPath && !inCi)('劳模工匠助企行 in Chromium', () => {
  let page: Page;
  let demandUrl = '';

  const suite = browserSuite(chromiumPath);
  const { base, pageErrors } = suite;
  /** A fresh browser context (no cookies) per signed-in user. */
  const freshPage = async (...args: Parameters<typeof suite.freshPage>) => {
    page = await suite.freshPage(...args);
    return page;
  };
  const stateTag = () => page.getByTestId('demand-state');

  it('the enterprise posts a demand', async () => {
    await freshPage();
    await signInHome(page, base(), 'enterprise.demo');
    await page.getByTestId('side-menu').getByText('企业需求').click();
    await page.getByTestId('post-demand').click();
    const form = page.getByTestId('demand-form');
    await form.locator('#title').fill(TITLE);
    await form
      .locator('#description')
      .fill('冲压车间两台液压机能耗偏高、故障频繁，希望劳模工匠上门诊断并提出改造建议。');
    await form.locator('#categoryId').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '设备改造' }).click();
    await screenshot(page, 'zhuqi-01-enterprise-post');
    await page.getByTestId('demand-submit').click();
    await page.getByTestId('demand-title').waitFor();
    expect(await page.getByTestId('demand-title').textContent()).toBe(TITLE);
    await poll(() => stateTag().textContent()).toBe('待审核');
    demandUrl = page.url();
    expect(demandUrl).toMatch(/\/zhuqi\/demands\/\d+$/);
  });

  it('the county union reviews it and dispatches it to a craftsman chosen from the list', async () => {
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    await page.getByTestId('side-menu').getByText('企业需求').click();
    await page.getByTestId('demands-table').getByText(TITLE).click();
    await page.getByTestId('action-publish').click();
    await poll(() => stateTag().textContent()).toBe('待派单');
    const panel = page.getByTestId('dispatch-panel');
    await panel.waitFor();
    // The ranked list explains each candidate; the operator picks 王建国 from it.
    const ranked = panel.getByTestId('ranked-candidates');
    const row = ranked.locator('tr.ant-table-row', { hasText: '王建国' });
    await row.waitFor({ timeout: 20_000 });
    const reason = await row.getByTestId('candidate-reason').textContent();
    expect(reason).toMatch(/专长相关度|距离|行业对口/);
    await row.locator('.ant-table-row-expand-icon').click();
    await poll(() => ranked.getByTestId('score-reasons').first().textContent()).toContain('当前负荷');
    await row.locator('[data-testid^=pick-]').click();
    await poll(() => panel.getByTestId('dispatch-chosen').textContent()).toContain('1. 王建国');
    await screenshot(page, 'zhuqi-02-union-dispatch');
    await panel.getByTestId('dispatch-send').click();
    await poll(() => stateTag().textContent()).toBe('派单中');
    const assignment = page.getByTestId('assignments-table').locator('tr.ant-table-row').first();
    await poll(() => assignment.textContent()).toContain('待接单');
    expect(await page.getByTestId('demand-timeline').textContent()).toContain('派单');
  });

  it('the craftsman accepts, records the service and completes it on a 375 px phone', async () => {
    await freshPage({ width: 375, height: 812 }, true);
    await signInHome(page, base(), 'craftsman.demo');
    await page.goto(`${base()}/zhuqi/tasks`);
    const offer = page.locator('[data-testid^=offer-]', { hasText: TITLE });
    await offer.waitFor({ timeout: 20_000 });
    // The page fits the phone: nothing wider than the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'zhuqi-03-craftsman-offer-375');
    await offer.getByTestId('accept').click();
    await waitForText(page, '已接单');
    await page.getByRole('tab', { name: /服务中/ }).click();
    const serving = page.locator('[data-testid^=serving-]', { hasText: TITLE });
    await serving.getByTestId('record-service').click();
    const form = page.getByTestId('record-form');
    await form.locator('#hours').fill('4');
    await form.locator('#workersTrained').fill('20');
    await form
      .getByTestId('record-content')
      .fill('现场检测液压系统，更换密封件并调整保压参数，培训操作工 20 人。');
    await screenshot(page, 'zhuqi-04-craftsman-record-375');
    await page.getByTestId('record-save').click();
    await waitForText(page, '服务记录已保存');
    await serving.getByTestId('complete').click();
    await waitForText(page, '已标记完成');
    await poll(() => serving.locator('[data-state]').first().textContent()).toBe('待企业确认');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'zhuqi-05-craftsman-completed-375');
  });

  it('the enterprise confirms and rates it; the timeline shows every step', async () => {
    await freshPage();
    await signInHome(page, base(), 'enterprise.demo');
    await page.getByTestId('notification-bell').click();
    await poll(() => page.getByTestId('notification-list').textContent()).toContain(
      '服务已完成，请确认并评价',
    );
    await page.getByTestId('notification-list').getByText(`服务已完成，请确认并评价：${TITLE}`).click();
    await page.getByTestId('rating-form').waitFor();
    expect(page.url()).toBe(demandUrl);
    const form = page.getByTestId('rating-form');
    await form.locator('.ant-rate').nth(1).locator('.ant-rate-star').nth(3).click(); // 解决效果 4 分
    await form.locator('#benefitYuan').fill('60000');
    await form.getByTestId('rating-comment').fill('响应快，设备故障率明显下降');
    await screenshot(page, 'zhuqi-06-enterprise-rating');
    await form.getByTestId('rating-submit').click();
    await poll(() => stateTag().textContent()).toBe('已办结');
    expect(await page.getByTestId('demand-rating').textContent()).toContain('效益 60000 元');
    const actions = await page
      .getByTestId('demand-timeline')
      .locator('[data-action]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual([
      'post',
      'publish',
      'dispatch',
      'accept',
      'recordService',
      'complete',
      'confirm',
    ]);
    expect(await page.getByTestId('records-table').textContent()).toContain('更换密封件');
    await screenshot(page, 'zhuqi-07-closed');
    expect(pageErrors).toEqual([]);
  });

  it('the county union reviews a batch proposal for its open demands and sends it', async () => {
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    await page.getByTestId('side-menu').getByText('批量派单').click();
    await page.getByTestId('propose').click();
    const table = page.getByTestId('proposal-table');
    const row = table.locator('tr.ant-table-row', { hasText: '新员工技能培训' });
    await row.waitFor({ timeout: 30_000 });
    expect((await row.textContent())?.length).toBeGreaterThan(10);
    await row.locator('.ant-table-row-expand-icon').click();
    await poll(() => table.getByTestId('score-reasons').first().textContent()).toContain('专长相关度');
    await screenshot(page, 'zhuqi-08-batch-proposal');
    await page.getByTestId('send-proposal').click();
    const result = page.getByTestId('send-result');
    await poll(() =>
      result.locator('tr.ant-table-row', { hasText: '新员工技能培训' }).textContent(),
    ).toContain('已派出');
    await screenshot(page, 'zhuqi-09-batch-sent');
    // Sent through the normal workflow: the demand is now being dispatched.
    await table.getByRole('link', { name: '新员工技能培训' }).click();
    await poll(() => stateTag().textContent()).toBe('派单中');
    expect(pageErrors).toEqual([]);
  });
});
