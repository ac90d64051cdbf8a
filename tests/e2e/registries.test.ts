// Registries in a real browser against the real server (demo data), as the county
// administrator of 淳安县: the menu, a create / edit / delete round with the history, an Excel
// import with bad rows (summary, the annotated file downloaded and read back), the valid rows
// only, and evidence attachments on a record.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { findChromium, warnMissingChromium } from './support/chromium.ts';
import { screenshot, signInHome } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) warnMissingChromium();

const SUFFIX = Date.now().toString(36);

describe.skipIf(!chromiumPath && !inCi)('registries in Chromium', () => {
  // Imports answer at once and run as jobs, so the page shows their progress bar.
  const suite = browserSuite(chromiumPath, { serverEnv: { IMPORT_INLINE_WAIT_MS: '0' } });
  const { base, pageErrors } = suite;
  let page: Page;

  beforeAll(async () => {
    page = await suite.freshPage(); // one page (one sign-in) for the whole file
  });

  const modal = () => page.locator('.ant-modal-wrap:visible');

  /** Chooses `text` in the antd Select whose input has id `id`. */
  // Picks an option of a select in the form, and checks it took. Under load a dropdown can
  // close while it opens (the form re-renders after the previous choice) or a click can land
  // during its animation and be lost (both seen in CI): then it is opened and clicked again.
  async function pick(id: string, text: string) {
    const select = modal().locator('.ant-select', { has: page.locator(`#${id}`) });
    const option = page
      .locator('.ant-select-dropdown:visible')
      .locator(`.ant-select-item-option[title="${text}"]`);
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await option.isVisible())) await modal().locator(`#${id}`).click();
        await option.click({ timeout: 5000 });
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

  const rows = () => page.getByTestId('registry-table').locator('tbody tr.ant-table-row');

  it('finds the registries in the menu, grouped, and opens one', async () => {
    await signInHome(page, base(), 'chunan.admin');
    const menu = page.getByTestId('side-menu');
    await menu.getByText('台账管理').click();
    await menu.getByText('载体', { exact: true }).waitFor();
    await menu.getByText('人才', { exact: true }).waitFor();
    // A click that lands while the submenu still slides open is lost (seen once): click again.
    for (let attempt = 1; !page.url().includes('/registries/academies'); attempt++) {
      await menu.getByText('工匠学院与实训基地').click();
      await page.waitForURL(/\/registries\/academies/, { timeout: 5000 }).catch((e) => {
        if (attempt >= 3) throw e;
      });
    }
    await poll(() => page.getByTestId('registry-title').textContent()).toBe('工匠学院与实训基地');
    expect(page.url()).toContain('/registries/academies');
    await screenshot(page, 'reg-01-academies-empty');
  });

  it('creates, edits and deletes a record, with the history on its page', async () => {
    const name = `千岛湖工匠学院${SUFFIX}`;
    await page.getByTestId('new-record').click();
    await modal().getByTestId('record-form').waitFor();
    // Required fields are checked before anything is sent.
    await page.getByTestId('save-record').click();
    await modal().getByText('请填写名称').waitFor();
    await modal().locator('#name').fill(name);
    await pick('kind', '工匠学院');
    await pick('level', '县级');
    await modal().locator('#yearEstablished').fill('2024');
    await modal().locator('#hostName').fill('淳安县总工会');
    await screenshot(page, 'reg-02-create-form');
    await page.getByTestId('save-record').click();
    await modal().waitFor({ state: 'hidden' });
    await poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain(name);

    await page.getByTestId('record-link').first().click();
    await poll(() => page.getByTestId('record-title').textContent()).toContain(name);
    expect(await page.getByTestId('value-level').textContent()).toBe('县级');
    await page.getByTestId('edit-record').click();
    await modal().locator('#address').fill('淳安县千岛湖镇');
    await pick('level', '市级');
    await page.getByTestId('save-record').click();
    await modal().waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('value-level').textContent()).toBe('市级');
    await poll(() => page.getByTestId('history-entry').count()).toBe(2);
    const history = await page.getByTestId('history').textContent();
    expect(history).toContain('修改 · v2');
    expect(history).toMatch(/级别：\s*县级\s*→\s*市级/);
    await screenshot(page, 'reg-03-detail-history');

    await page.getByTestId('delete-record').click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: '删 除' })
      .or(page.locator('.ant-popconfirm:visible').getByRole('button', { name: '删除' }))
      .click();
    await page.waitForURL(/\/registries\/academies$/);
    await poll(() => page.locator('.ant-table-placeholder').count()).toBe(1);
  });

  it('imports a file with bad rows: a summary, the annotated file, then the valid rows only', async () => {
    const tpl = await page.context().request.get(`${base()}/api/registries/academies/template`);
    expect(tpl.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await tpl.body()) as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    const col = (label: string) => header.findIndex((h) => h.replace(/^\*/, '').startsWith(label)) + 1;
    const put = (r: number, name: string, kind: string, level: string, year: number) => {
      ws.getCell(r, col('名称')).value = name;
      ws.getCell(r, col('类型')).value = kind;
      ws.getCell(r, col('级别')).value = level;
      ws.getCell(r, col('建成年份')).value = year;
    };
    put(2, `导入学院甲${SUFFIX}`, '工匠学院', '县级', 2023);
    put(3, `导入基地乙${SUFFIX}`, '实训基地', '乡级', 2023); // no such level
    put(4, `导入基地丙${SUFFIX}`, '实训基地', '企业', 2022);
    put(5, `导入学院丁${SUFFIX}`, '工匠学院', '县级', 1800); // year out of range
    put(6, `导入学院戊${SUFFIX}`, '工匠学院', '市级', 2021);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    await page.getByTestId('open-import').click();
    await modal().locator('input[type=file]').setInputFiles({
      name: '学院导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('count-total').textContent()).toBe('5');
    expect(await page.getByTestId('count-created').textContent()).toBe('0');
    expect(await page.getByTestId('count-refused').textContent()).toBe('2');
    const errors = await page.getByTestId('import-errors').textContent();
    expect(errors).toContain('第 3 行');
    expect(errors).toContain('第 5 行');
    await screenshot(page, 'reg-04-import-refused');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-errors').click(),
    ]);
    expect(download.suggestedFilename()).toContain('错误说明');
    const annotated = new ExcelJS.Workbook();
    await annotated.xlsx.load(readFileSync((await download.path())!) as never);
    const sheet = annotated.worksheets[0];
    const heads = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const errCol = heads.indexOf('错误说明');
    expect(errCol).toBeGreaterThan(0);
    const errAt = (r: number) => String(sheet.getCell(r, errCol).value ?? '');
    expect(errAt(3)).toContain('级别');
    expect(errAt(5)).toContain('建成年份');
    expect(errAt(2)).toBe('');
    expect(errAt(4)).toBe('');

    // Nothing went in; now the valid rows only.
    await page.getByTestId('import-again').click();
    await modal().locator('input[type=file]').setInputFiles({
      name: '学院导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.getByTestId('mode-valid').click();
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('count-created').textContent()).toBe('3');
    expect(await page.getByTestId('count-refused').textContent()).toBe('2');
    await page.getByTestId('import-close').click();
    await poll(() => rows().count()).toBe(3);

    // The list's filter narrows it, and the search finds one.
    await page.getByTestId('filter-kind').click();
    await page
      .locator('.ant-select-dropdown:visible')
      .locator('.ant-select-item-option[title="实训基地"]')
      .click();
    await poll(() => rows().count()).toBe(1);
    expect(page.url()).toContain('kind=training_base');
    await screenshot(page, 'reg-05-filtered');
  });

  it('keeps evidence attachments on a record: content checked, listed, downloadable', async () => {
    await page.getByTestId('record-link').first().click();
    const box = page.getByTestId('attachments');
    await box.waitFor();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    // A picture renamed .pdf is refused, with a message saying what it is.
    await box
      .locator('input[type=file]')
      .setInputFiles({ name: '批复文件.pdf', mimeType: 'application/pdf', buffer: png });
    await page
      .locator('.ant-message')
      .getByText(/PNG 图片/)
      .waitFor({ timeout: 20_000 });
    expect(await box.getByTestId('attachment').count()).toBe(0);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await box
      .locator('input[type=file]')
      .setInputFiles({ name: '批复文件.pdf', mimeType: 'application/pdf', buffer: pdf });
    await poll(() => box.getByTestId('attachment').count()).toBe(1);
    expect(await box.getByTestId('attachment').textContent()).toContain('批复文件.pdf');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      box.getByTestId('attachment').getByText('下载').click(),
    ]);
    expect(download.suggestedFilename()).toBe('批复文件.pdf');
    expect(readFileSync((await download.path())!).equals(pdf)).toBe(true);
    await screenshot(page, 'reg-06-attachments');
  });

  it('shows a long import’s progress bar, then its summary', async () => {
    await page.goto(`${base()}/registries/academies`);
    const tpl = await page.context().request.get(`${base()}/api/registries/academies/template`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await tpl.body()) as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    const col = (label: string) => header.findIndex((h) => h.replace(/^\*/, '').startsWith(label)) + 1;
    for (let i = 0; i < 400; i++) {
      const r = i + 2;
      ws.getCell(r, col('名称')).value = `进度学院${i}${SUFFIX}`;
      ws.getCell(r, col('类型')).value = '实训基地';
      ws.getCell(r, col('级别')).value = '企业';
      ws.getCell(r, col('建成年份')).value = 2020;
    }
    await page.getByTestId('open-import').click();
    await modal()
      .locator('input[type=file]')
      .setInputFiles({
        name: '进度导入.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
    await page.getByTestId('start-import').click();
    // The server answers at once (IMPORT_INLINE_WAIT_MS=0): the job runs, the page polls it.
    await page.getByTestId('import-progress').waitFor({ timeout: 30_000 });
    expect(await page.locator('.ant-progress').count()).toBe(1);
    expect(await page.getByTestId('import-progress-text').textContent()).toMatch(/读取|校验|写入/);
    await screenshot(page, 'reg-07-import-progress');
    await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('count-total').textContent()).toBe('400');
    expect(await page.getByTestId('count-created').textContent()).toBe('400');
    expect(await page.getByTestId('import-progress').count()).toBe(0);
    await screenshot(page, 'reg-08-import-done');
    await page.getByTestId('import-close').click();
  });

  it('has no uncaught errors on the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
