// Files on 助企行 demands and service records in a real browser (demo data): the enterprise
// attaches a drawing while posting and a photo while editing; the county union sees them and
// dispatches; the craftsman, on a 375 px phone, reads the drawing, records a visit with a photo;
// everyone downloads from the detail page. Then the public list of 揭榜挂帅 calls on a phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, warnMissingChromium } from './support/chromium.ts';
import { screenshot, signInHome, waitForText } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) warnMissingChromium();

const TITLE = `附件测试需求 ${Date.now().toString(36)}`;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!chromiumPath && !inCi)('助企行 files and the public 揭榜挂帅 list in Chromium', () => {
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
  const demandFiles = () => page.getByTestId('demand-attachments');
  const noOverflow = async (width: number) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

  /** Picks an option of an antd select in the demand form; a click lost to an animation is made again. */
  async function pick(id: string, text: string) {
    const form = page.getByTestId('demand-form');
    const select = form.locator('.ant-select', { has: page.locator(`#${id}`) });
    const option = page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: text });
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await option.first().isVisible())) await form.locator(`#${id}`).click();
        await option.first().click({ timeout: 5000 });
        const until = Date.now() + 3000;
        while (Date.now() < until) {
          if ((await select.textContent())?.includes(text)) return;
          await page.waitForTimeout(100);
        }
      } catch (error) {
        if (attempt >= 4) throw error;
        continue;
      }
      if (attempt >= 4) throw new Error(`选择框 ${id} 未能选中「${text}」`);
    }
  }

  it('the enterprise attaches a drawing while posting and a photo while editing', async () => {
    await freshPage();
    await signInHome(page, base(), 'enterprise.demo');
    await page.getByTestId('side-menu').getByText('企业需求').click();
    await page.getByTestId('post-demand').click();
    const form = page.getByTestId('demand-form');
    await form.locator('#title').fill(TITLE);
    await form
      .locator('#description')
      .fill('空压机站三台机组并联运行能耗偏高，附设备图纸，请劳模工匠上门诊断。');
    await pick('categoryId', '设备改造');
    await page
      .getByTestId('demand-files')
      .locator('input[type=file]')
      .setInputFiles({ name: '设备图纸.pdf', mimeType: 'application/pdf', buffer: PDF });
    await poll(() => page.getByTestId('demand-files').textContent()).toContain('设备图纸.pdf');
    await screenshot(page, 'zhuqi-files-01-post-with-drawing');
    await page.getByTestId('demand-submit').click();
    await page.getByTestId('demand-title').waitFor();
    await poll(() => stateTag().textContent()).toBe('待审核');
    demandUrl = page.url();
    await poll(() => demandFiles().textContent()).toContain('设备图纸.pdf');
    // Editing the demand: its files are managed in the same form.
    await page.getByTestId('action-edit').click();
    const edit = page.getByTestId('demand-form');
    await poll(() => edit.textContent()).toContain('设备图纸.pdf');
    await edit
      .locator('input[type=file]')
      .setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await waitForText(page, '已上传 现场照片.png');
    await edit.locator('#description').fill('空压机站三台机组并联运行能耗偏高，附设备图纸和现场照片。');
    await page.getByTestId('demand-submit').click();
    await edit.waitFor({ state: 'detached' });
    await poll(() => demandFiles().getByTestId('attachment-name').allTextContents()).toEqual([
      '现场照片.png',
      '设备图纸.pdf',
    ]);
    // The download link serves the bytes.
    const href = await demandFiles().locator('a[href$="/content"]').last().getAttribute('href');
    const res = await page.request.get(`${base()}${href}`);
    expect(res.status()).toBe(200);
    expect(Buffer.from(await res.body()).equals(PDF)).toBe(true);
    await screenshot(page, 'zhuqi-files-02-demand-files');
  });

  it('the county union sees the files (read only) and dispatches to a craftsman', async () => {
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    await page.goto(demandUrl);
    await poll(() => demandFiles().textContent()).toContain('设备图纸.pdf');
    expect(await demandFiles().getByTestId('upload-attachment').count()).toBe(0);
    await page.getByTestId('action-publish').click();
    await poll(() => stateTag().textContent()).toBe('待派单');
    // Files are locked once published: the enterprise can no longer change them (checked by the API tests).
    const panel = page.getByTestId('dispatch-panel');
    const row = panel.getByTestId('ranked-candidates').locator('tr.ant-table-row', { hasText: '王建国' });
    await row.waitFor({ timeout: 30_000 });
    await row.locator('[data-testid^=pick-]').click();
    await poll(() => panel.getByTestId('dispatch-chosen').textContent()).toContain('1. 王建国');
    await panel.getByTestId('dispatch-send').click();
    await poll(() => stateTag().textContent()).toBe('派单中');
  });

  it('the craftsman reads the drawing and records a visit with a photo on a 375 px phone', async () => {
    await freshPage({ width: 375, height: 812 }, true);
    await signInHome(page, base(), 'craftsman.demo');
    await page.goto(`${base()}/zhuqi/tasks`);
    const offer = page.locator('[data-testid^=offer-]', { hasText: TITLE });
    await offer.waitFor({ timeout: 20_000 });
    await offer.getByTestId('accept').click();
    await waitForText(page, '已接单');
    await page.getByRole('tab', { name: /服务中/ }).click();
    const serving = page.locator('[data-testid^=serving-]', { hasText: TITLE });
    await serving.getByTestId('record-service').click();
    const form = page.getByTestId('record-form');
    await form.locator('#hours').fill('3');
    await form.getByTestId('record-content').fill('现场测定各机组加载率，建议一台改为变频并修复管网泄漏点。');
    await page
      .getByTestId('record-files')
      .locator('input[type=file]')
      .setInputFiles({ name: '维修现场.png', mimeType: 'image/png', buffer: PNG });
    await poll(() => page.getByTestId('record-files').textContent()).toContain('维修现场.png');
    await noOverflow(375);
    await screenshot(page, 'zhuqi-files-03-record-with-photo-375');
    await page.getByTestId('record-save').click();
    await waitForText(page, '服务记录已保存');
    await noOverflow(375);
    // On the demand's page: the enterprise's drawing, and the visit's photo under its record.
    await page.goto(demandUrl);
    await poll(() => demandFiles().textContent()).toContain('设备图纸.pdf');
    const records = page.getByTestId('records-table');
    await poll(() => records.textContent()).toContain('维修现场.png');
    await noOverflow(375);
    await screenshot(page, 'zhuqi-files-04-demand-375');
  });

  it('the enterprise downloads the photo of the visit', async () => {
    await freshPage();
    await signInHome(page, base(), 'enterprise.demo');
    await page.goto(demandUrl);
    const records = page.getByTestId('records-table');
    await poll(() => records.textContent()).toContain('维修现场.png');
    expect(await records.getByTestId('upload-attachment').count()).toBe(0);
    const href = await records.locator('a[href$="/content"]').first().getAttribute('href');
    const res = await page.request.get(`${base()}${href}`);
    expect(res.status()).toBe(200);
    expect(Buffer.from(await res.body()).equals(PNG)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('anyone reads the published 揭榜挂帅 calls on the public showcase, on a phone', async () => {
    await freshPage({ width: 375, height: 812 }, true);
    await page.goto(`${base()}/share`);
    await page.getByRole('navigation', { name: '主导航' }).getByText('揭榜挂帅').click();
    const list = page.getByTestId('public-challenges');
    await list.waitFor();
    const cards = await list.getByTestId('public-challenge').allTextContents();
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.join('')).toMatch(/榜单资金 .*万元/);
    await noOverflow(375);
    await screenshot(page, 'zhuqi-files-05-public-challenges-375');
    await list.getByTestId('public-challenge').first().locator('a').click();
    const detail = page.getByTestId('public-challenge-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('攻关难题');
    await noOverflow(375);
    await screenshot(page, 'zhuqi-files-06-public-challenge-375');
  });
});
