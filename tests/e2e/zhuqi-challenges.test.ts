// 揭榜挂帅 in a real browser against the real server (demo data): the county union publishes a
// challenge and names the panel, the craftsman applies for his service team, the union closes
// the call, scores as a panel member (the craftsman on the panel is recused from his own team),
// closes the panel, awards, starts the work and accepts the first milestone — the first
// tranche is paid.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, warnMissingChromium } from './support/chromium.ts';
import { screenshot, signInHome, waitForText } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) warnMissingChromium();

const TITLE = `浏览器测试榜单 ${Date.now().toString(36)}`;
const TEAM = '淳安县劳模工匠助企服务队';

describe.skipIf(!chromiumPath && !inCi)('揭榜挂帅 in Chromium', () => {
  let page: Page;
  let url = '';

  const suite = browserSuite(chromiumPath);
  const { base, pageErrors } = suite;
  /** A fresh browser context (no cookies) per signed-in user. */
  const freshPage = async (...args: Parameters<typeof suite.freshPage>) => {
    page = await suite.freshPage(...args);
    return page;
  };
  const stateTag = () => page.getByTestId('challenge-state');
  const tab = (name: string | RegExp) => page.getByRole('tab', { name }).click();

  it('the county union creates and publishes a challenge and names the panel', async () => {
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    await page.getByTestId('side-menu').getByText('揭榜挂帅').click();
    // The demo's two challenges are listed.
    await poll(() => page.getByTestId('challenges-table').textContent()).toContain('纺织印染色差控制攻关');
    await page.getByTestId('challenge-new').click();
    const form = page.getByTestId('challenge-form');
    await form.locator('#title').fill(TITLE);
    await form.locator('#problem').fill('多家企业注塑件缩痕、气泡严重，需要系统的工艺与模具冷却方案。');
    await form.locator('#fundYuan').fill('300000');
    await screenshot(page, 'challenges-01-new');
    await page.getByTestId('challenge-submit').click();
    // The new challenge's page (the form's title field has the same test id as the page's title).
    await page.waitForURL(/\/zhuqi\/challenges\/\d+$/);
    url = page.url();
    await poll(() => page.getByTestId('challenge-title').textContent()).toBe(TITLE);
    await poll(() => stateTag().textContent()).toBe('草稿');
    await page.getByTestId('challenge-publish').click();
    await poll(() => stateTag().textContent()).toBe('揭榜中');
    await tab('评审打分');
    // The panel: the county admin, and the craftsman — who will have to avoid his own team's application.
    const select = page.getByTestId('panel-select');
    for (const name of ['淳安县总管理员（演示）', '劳模工匠（演示）']) {
      for (let attempt = 1; ; attempt++) {
        if (!(await page.locator('.ant-select-dropdown:visible').count())) await select.click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: name })
          .click({ timeout: 5000 })
          .catch(() => {});
        await page.waitForTimeout(300);
        if ((await select.textContent())?.includes(name)) break;
        if (attempt >= 4) throw new Error(`评审组未能选中「${name}」`);
      }
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('panel-save').click();
    await tab('难题');
    await poll(() => page.getByText('淳安县总管理员（演示）').first().isVisible()).toBe(true);
    await poll(() => page.getByText('劳模工匠（演示）').first().isVisible()).toBe(true);
    await screenshot(page, 'challenges-02-published');
  });

  it('the craftsman applies for his service team with milestones', async () => {
    await freshPage();
    await signInHome(page, base(), 'craftsman.demo');
    await page.goto(url);
    await page.getByTestId('challenge-title').waitFor();
    await tab(/揭榜申请/);
    await page.getByTestId('apply-open').click();
    const form = page.getByTestId('apply-form');
    await form.getByTestId('apply-proposal').fill('模流分析优化浇口与冷却水路，三家企业逐一验证。');
    await form.locator('#milestones_0_title').fill('方案设计与模流分析');
    await form.locator('#milestones_0_amountYuan').fill('100000');
    await form.getByTestId('milestone-add').click();
    await form.locator('#milestones_1_title').fill('三家企业验证推广');
    await form.locator('#milestones_1_amountYuan').fill('200000');
    await screenshot(page, 'challenges-03-apply');
    await page.getByTestId('apply-submit').click();
    await poll(() => page.getByTestId('applications-table').textContent()).toContain(TEAM);
    await screenshot(page, 'challenges-04-applied');
    // Before the deadline the applicant edits the proposal.
    await page.getByTestId('applications-table').locator('[data-testid^=application-edit-]').click();
    const edit = page.getByTestId('apply-form');
    await edit
      .getByTestId('apply-proposal')
      .fill('模流分析优化浇口与冷却水路，先在一家企业试模，再在三家企业验证。');
    await page.getByTestId('apply-submit').click();
    await edit.waitFor({ state: 'detached' });
    await page.getByTestId('applications-table').locator('.ant-table-row-expand-icon').first().click();
    await poll(() => page.getByTestId('applications-table').textContent()).toContain('先在一家企业试模');
  });

  it('the union closes the call, the panel scores, the award is made and the first tranche paid', async () => {
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    await page.goto(url);
    await page.getByTestId('challenge-title').waitFor();
    await page.getByTestId('challenge-close').click();
    await poll(() => stateTag().textContent()).toBe('评审中');
    await tab('评审打分');
    // The craftsman on the panel is recused from his own team's application, and it says why.
    await poll(() =>
      page.getByTestId('panel-progress').filter({ hasText: '劳模工匠（演示）' }).textContent(),
    ).toContain(`回避：${TEAM}`);
    const card = page.getByTestId('score-card').first();
    await card.waitFor();
    const inputs = card.locator('input.ant-input-number-input');
    for (const [i, v] of ['90', '85', '80', '88'].entries()) await inputs.nth(i).fill(v);
    await card.getByTestId('score-submit').click();
    await poll(() => card.textContent()).toContain('已评');
    await screenshot(page, 'challenges-05-score');
    await page.getByTestId('close-panel').click();
    await poll(() => page.getByTestId('ranking-table').textContent()).toContain(TEAM);
    await page.getByTestId('award-open').click();
    await page.getByTestId('award-ok').click();
    await poll(() => stateTag().textContent()).toBe('已定榜');
    await tab('里程碑与拨付');
    await poll(() => page.getByTestId('milestones-table').textContent()).toContain('方案设计与模流分析');
    await page.getByTestId('challenge-start').click();
    await poll(() => stateTag().textContent()).toBe('攻关中');
    await page.getByTestId('accept-1').click();
    await page.getByTestId('accept-1-text').fill('模流分析报告与试模记录');
    await page.getByTestId('accept-1-ok').click();
    await poll(() => page.getByTestId('milestones-table').textContent()).toContain('第 1 笔已拨付');
    expect(await page.getByTestId('paid-yuan').textContent()).toContain('100,000.00');
    await screenshot(page, 'challenges-06-first-tranche');
    await tab('时间线');
    const actions = await page
      .getByTestId('challenge-timeline')
      .locator('[data-action]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual([
      'create',
      'publish',
      'panel',
      'apply',
      'editApplication',
      'close',
      'closePanel',
      'award',
      'start',
      'acceptMilestone',
    ]);
    await waitForText(page, '验收里程碑并拨付');
    expect(pageErrors).toEqual([]);
  });
});
