// 职工创新共享平台 in a real browser against the real server (demo data): an achievement goes
// from draft through review (returned with a reason, resubmitted) to the public showcase, is
// found there by its subject in other words on a 375 px phone, shows only the consenting
// author and no phone number, receives an intention from a signed-in enterprise, and the union
// follows it up and records the deal; then target 5's figures (listings, deals) have moved.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, warnMissingChromium } from './support/chromium.ts';
import { screenshot, signInHome, waitForText } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) warnMissingChromium();

const TITLE = '叉车蓄电池充电过热自动断电保护器';
const DESCRIPTION =
  '在叉车蓄电池充电回路加装温度传感器和继电器，温度超限时自动切断充电，避免电池鼓包起火，延长电池寿命。';
// The same subject in other words: 搬运车 for 叉车, 电芯 for 蓄电池, 发热 for 过热.
const QUERY = '仓库搬运车的电芯充电时发热怎么办';
const PHONE = /1[3-9]\d{9}|1[3-9]\d\*{4}\d{4}/;
const ID_NUMBER = /\d{17}[\dXx]/;

type Progress = { tasks: { metrics: { key: string; actual: number | null }[] }[] };

describe.skipIf(!chromiumPath && !inCi)('职工创新共享平台 in Chromium', () => {
  let page: Page;
  let detailUrl = '';
  const year = new Date().getFullYear();
  const before: Record<string, number> = {};

  const suite = browserSuite(chromiumPath);
  const { base, pageErrors } = suite;
  /** A fresh browser context (no cookies) per signed-in user. */
  const freshPage = async (...args: Parameters<typeof suite.freshPage>) => {
    page = await suite.freshPage(...args);
    return page;
  };
  const state = () => page.getByTestId('achievement-state').textContent();
  const apiGet = <T>(path: string) =>
    page.evaluate(async (p) => {
      const res = await fetch(p, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.json();
    }, path) as Promise<T>;
  /** Target 5's figures for the signed-in user's organisation (the 任务督办 progress API). */
  const target5 = async () => {
    const p = await apiGet<Progress>(`/api/plans/${year}/targets`);
    const metrics = p.tasks.flatMap((t) => t.metrics);
    const actual = (key: string) => Number(metrics.find((m) => m.key === key)?.actual ?? 0);
    return { listings: actual('achievement_listings'), deals: actual('achievement_deals') };
  };

  it('the county union drafts a project for an enterprise, with one author not consenting to be shown', async () => {
    await freshPage();
    await signInHome(page, base(), 'enterprise.demo');
    const own = (await apiGet<{ org: { id: number } }>('/api/auth/me')).org.id;
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    Object.assign(before, await target5());
    // Another enterprise than enterprise.demo's, which will send the intention.
    const ents = await apiGet<{ items: { id: number; name: string }[] }>(
      '/api/orgs?kind=enterprise&pageSize=20',
    );
    const owner = ents.items.find((e) => e.id !== own)!;
    await page.goto(`${base()}/achievements`);
    await page.getByRole('button', { name: '新建创新项目' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建创新项目' });
    await modal.locator('#title').fill(TITLE);
    await modal.locator('#categoryId').click();
    await page.locator('.ant-select-item-option').first().click();
    await modal.locator('#orgId').fill(owner.name.slice(0, 6));
    await page.locator('.ant-select-item-option').filter({ hasText: owner.name }).first().click();
    await modal.locator('#description').fill(DESCRIPTION);
    await modal.getByLabel('完成人 1 姓名').fill('周立新');
    await modal.getByTestId('add-author').click();
    await modal.getByLabel('完成人 2 姓名').fill('吴保密');
    await modal.getByLabel('完成人 2 手机').fill('13912345678');
    await screenshot(page, 'sharing-01-draft');
    await modal.getByRole('button', { name: '保存草稿' }).click();
    await waitForText(page, '已保存为草稿');
    await page.locator('.ant-table-row', { hasText: TITLE }).first().click();
    await poll(state).toBe('草稿');
  });

  it('submitted, returned with a reason, resubmitted, approved, published and offered', async () => {
    await page.getByTestId('action-submit').click();
    await poll(state).toBe('待审核');
    await page.getByTestId('action-return').click();
    await page.getByRole('textbox', { name: '退回理由' }).fill('请补充应用效益和使用范围');
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await poll(state).toBe('已退回');
    expect(await page.getByTestId('return-reason').textContent()).toContain('请补充应用效益和使用范围');
    await page.getByTestId('action-submit').click();
    await poll(state).toBe('待审核');
    await page.getByTestId('action-approve').click();
    await poll(state).toBe('审核通过');
    await page.getByTestId('action-publish').click();
    await poll(state).toBe('已发布');
    const offerForm = page.locator('form[aria-label=挂牌]');
    await offerForm.locator('#mode').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '转让' }).click();
    await offerForm.locator('#terms').fill('整体转让，含图纸与安装指导');
    await offerForm.locator('#price').fill('3.5');
    await page.getByTestId('offer-submit').click();
    await waitForText(page, '已挂牌');
    await screenshot(page, 'sharing-02-published-offered');
  });

  it('a visitor on a phone finds it by its subject in other words; the page hides what consent does not allow', async () => {
    await freshPage({ width: 375, height: 812 }, true);
    await page.goto(`${base()}/share`);
    await page.locator('#q').fill(QUERY);
    await page.locator('#q').press('Enter');
    await page.waitForURL(/\/share\/search\?q=/);
    const cards = page.getByTestId('public-results').locator('li.card');
    const titles = await cards.locator('h2').allTextContents();
    expect(titles.slice(0, 3)).toContain(TITLE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'sharing-03-public-search-375');
    await cards.locator('h2 a', { hasText: TITLE }).click();
    await page.waitForURL(/\/share\/a\/\d+$/);
    detailUrl = page.url();
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('周立新');
    expect(text).not.toContain('吴保密');
    expect(text).toContain('整体转让，含图纸与安装指导');
    const html = await page.content();
    expect(html).not.toMatch(PHONE);
    expect(html).not.toMatch(ID_NUMBER);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'sharing-04-public-detail-375');
  });

  it('an enterprise contact signs in from the offer, comes back and sends an intention', async () => {
    await page.locator('[data-testid^=intention-login-]').first().click();
    await page.locator('#username').waitFor();
    await signInOnPage(page, 'enterprise.demo');
    await page.waitForURL((u) => u.pathname === new URL(detailUrl).pathname, { timeout: 20_000 });
    await page.locator('[data-testid^=intention-open-]').first().click();
    const form = page.locator('form[aria-label=提交合作意向]');
    await form.locator('textarea').fill('我公司有 30 台电动叉车，希望受让并在两个仓库推广。');
    await screenshot(page, 'sharing-05-intention-form-375');
    await form.getByRole('button', { name: '提交' }).click();
    await waitForText(page, '合作意向已提交');
    await screenshot(page, 'sharing-06-intention-sent-375');
  });

  it('the union follows the intention up and records the deal; target 5 moves', async () => {
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    await page.goto(`${base()}/market`);
    await page.getByRole('tab', { name: '合作意向' }).click();
    // Tabs keep the panes they have shown: look in the table of the tab.
    const row = page.getByTestId('intentions-table').locator('.ant-table-row', { hasText: TITLE }).first();
    await row.getByRole('button', { name: /^跟\s*进$/ }).click();
    const follow = page.locator('.ant-modal').filter({ hasText: '跟进合作意向' });
    await poll(() => follow.textContent()).toContain('30 台电动叉车');
    await follow.locator('textarea#note').fill('已电话联系，约定下周到现场看样机');
    await follow.getByRole('button', { name: '保存跟进记录' }).click();
    await waitForText(page, '已记录跟进');
    await poll(() => row.textContent()).toContain('跟进中');
    await row.getByRole('button', { name: '登记成交' }).click();
    const deal = page.locator('.ant-modal').filter({ hasText: '登记成交' });
    expect(await deal.locator('#buyerName').inputValue()).not.toBe('');
    await deal.locator('#amount').fill('3.5');
    const today = new Date().toISOString().slice(0, 10);
    await deal.locator('#signedOn').fill(today);
    await deal.locator('#signedOn').press('Enter');
    await deal.getByRole('button', { name: /登\s*记/ }).click();
    await waitForText(page, '已登记成交');
    await page.getByRole('tab', { name: '成交记录' }).click();
    const dealRow = page.getByTestId('deals-table').locator('.ant-table-row', { hasText: TITLE }).first();
    await poll(() => dealRow.textContent()).toContain('3.5');
    await screenshot(page, 'sharing-07-deal-recorded');
    const after = await target5();
    expect(after.listings).toBe(before.listings + 1);
    expect(after.deals).toBe(before.deals + 1);
    await page.goto(`${base()}/targets`);
    await page.getByText('挂牌转化交易的职工创新成果').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'sharing-08-targets');
    expect(pageErrors).toEqual([]);
  });
});

/** Signs in on the login page already open (keeping its ?next=). */
async function signInOnPage(page: Page, username: string) {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('Demo@2025');
  await page.locator('button[type=submit]').click();
}
