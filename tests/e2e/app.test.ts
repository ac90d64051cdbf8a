// The web app in a real browser against the real server (demo data): sign-in, the menu by
// permission, the organisation tree, enterprises, users, the language switch, the forced
// password change, a county's narrower view, and the audit administrator's viewer.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usccCheckChar } from '#shared/validators.ts';
import { findChromium, warnMissingChromium } from './support/chromium.ts';
import {
  menuLabels,
  screenshot,
  signIn,
  signInHome,
  signOut,
  waitForCount,
  waitForText,
} from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

/** expect.poll waits one second by default; pages here load lazily and query the server. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) warnMissingChromium();

const NEW_USER = `e2e.user${Date.now().toString(36)}`;
const INITIAL_PASSWORD = 'Jx#Start-2026ok';
const CHANGED_PASSWORD = 'Jx#Changed-2026ok';

describe.skipIf(!chromiumPath && !inCi)('web app in Chromium', () => {
  let page: Page;
  const cspViolations: string[] = [];

  const suite = browserSuite(chromiumPath, {
    onPage: (page) => {
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text()))
          cspViolations.push(msg.text());
      });
    },
  });
  const { base, pageErrors } = suite;
  /** A fresh browser context (no cookies) per signed-in user. */
  const freshPage = async (...args: Parameters<typeof suite.freshPage>) => {
    page = await suite.freshPage(...args);
    return page;
  };

  it('signs in as the province administrator and shows the full menu', async () => {
    await freshPage();
    await page.goto(`${base()}/`);
    await page.locator('#username').waitFor();
    expect(page.url()).toContain('/login');
    await poll(() => page.title()).toBe('匠心 · 浙江省职工创新工作平台');
    await screenshot(page, '01-login');

    await signInHome(page, base(), 'province.admin');
    expect(await menuLabels(page)).toEqual([
      '首页',
      '任务督办',
      '数据驾驶舱',
      '督办预警',
      '报送审核',
      '方案管理',
      '组织机构',
      '山区海岛县名单',
      '创新成果',
      '对接交易',
      '台账管理',
      '用户管理',
      '资源清单',
      '企业需求',
      '批量派单',
      '共性难题',
      '揭榜挂帅',
      '成效评估',
    ]);
    await poll(() => page.getByTestId('current-org').textContent()).toBe('浙江省总工会');
    await page.getByTestId('home-stats').waitFor();
    expect(await page.getByTestId('home-stats').textContent()).toMatch(/设区市\s*11[\s\S]*县（市、区）\s*90/);
    await screenshot(page, '02-home-province');
  });

  it('shows the organisation tree: 11 cities, 90 counties, with the 2025 mountain/island marks', async () => {
    await page.getByTestId('side-menu').getByText('组织机构').click();
    await page.getByTestId('expand-all').click();
    const tree = page.getByTestId('org-tree');
    await waitForCount(tree.locator('[data-kind=city]'), 11);
    await waitForCount(tree.locator('[data-kind=county]'), 90);
    expect(await page.getByTestId('tree-summary').textContent()).toContain('11 个设区市 · 90 个县（市、区）');

    const chunan = tree.locator('[data-code="330127"]');
    expect(await chunan.textContent()).toContain('淳安县');
    expect(await chunan.locator('[data-tag=mountain]').textContent()).toBe('山区县');
    expect(await chunan.locator('[data-tag=mountain26]').count()).toBe(1);
    const shengsi = tree.locator('[data-code="330922"]');
    expect(await shengsi.textContent()).toContain('嵊泗县');
    expect(await shengsi.locator('[data-tag=island]').textContent()).toBe('海岛县');
    expect(await tree.locator('[data-code="330106"] [data-tag]').count()).toBe(0); // 西湖区: neither

    await chunan.click();
    await poll(() => page.getByTestId('enterprise-panel-title').textContent()).toContain('淳安县');
    await waitForCount(page.getByTestId('enterprise-table').locator('tbody tr.ant-table-row'), 5);
    await screenshot(page, '03-org-tree-chunan');
  });

  it('registers an enterprise, checking the USCC check character in the browser first', async () => {
    const first17 = `91330127${String(Date.now()).slice(-9)}`;
    const check = usccCheckChar(first17)!;
    const wrong = check === '0' ? '1' : '0';
    await page.getByTestId('new-enterprise').click();
    const form = page.getByTestId('enterprise-form');
    await form.locator('#name').fill('淳安县浏览器测试精工有限公司');
    await form.locator('#uscc').fill(first17 + wrong);
    await form.locator('#name').click();
    await waitForText(page, `校验码不符：按 GB 32100 第 18 位应为 ${check}`);
    await form.locator('#uscc').fill(first17 + check);
    await form.locator('#industryDivision').click();
    await form.locator('#industryDivision').fill('通用设备');
    await page.locator('.ant-select-item-option').filter({ hasText: '34 通用设备制造业' }).first().click();
    await form.getByText('已建工会').click();
    await screenshot(page, '04-enterprise-form');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await waitForText(page, '已登记企业 淳安县浏览器测试精工有限公司');
    await waitForText(page, '共 6 条');
  });

  it('creates a user with roles limited to what the province may grant', async () => {
    await page.getByTestId('side-menu').getByText('用户管理').click();
    await page.getByTestId('new-user').click();
    const form = page.getByTestId('user-form');
    const roles = await form.getByTestId('role-checkboxes').locator('label').allTextContents();
    expect(roles).toContain('劳模工匠');
    expect(roles).not.toContain('审计管理员'); // a separated administrator: not the province's to grant
    await form.locator('#username').fill(NEW_USER);
    await form.locator('#displayName').fill('浏览器测试用户');
    await form.locator('#orgId').click();
    await form.locator('#orgId').fill('淳安');
    await page.locator('.ant-select-item-option').filter({ hasText: '淳安县总工会' }).first().click();
    await form.getByText('劳模工匠').click();
    await form.locator('#password').fill('abc');
    await poll(() =>
      form.getByTestId('password-checklist').locator('.ant-typography-danger').count(),
    ).toBeGreaterThan(0);
    await form.locator('#password').fill(INITIAL_PASSWORD);
    await poll(() => form.getByTestId('password-checklist').locator('.ant-typography-danger').count()).toBe(
      0,
    );
    await screenshot(page, '05-user-form');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await waitForText(page, `已创建用户 ${NEW_USER}`);
    await page.getByPlaceholder('用户名 / 姓名').fill(NEW_USER);
    await page.getByPlaceholder('用户名 / 姓名').press('Enter');
    const rows = page.getByTestId('user-table').locator('tbody tr.ant-table-row');
    await waitForCount(rows, 1);
    const row = await rows.first().textContent();
    expect(row).toContain('浏览器测试用户');
    expect(row).toContain('淳安县总工会');
    expect(row).toContain('劳模工匠');
    expect(row).toContain('待改密');
    await screenshot(page, '06-users');
  });

  it('switches to English and back', async () => {
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await poll(() => menuLabels(page)).toEqual([
      'Home',
      'Targets',
      'Cockpit',
      'Warnings',
      'Reports',
      'Plans',
      'Organisations',
      'Mountain & island counties',
      'Achievements',
      'Transfers',
      'Registries',
      'Users',
      'Resources',
      'Demands',
      'Batch dispatch',
      'Common problems',
      'Open challenges',
      'Team effectiveness',
    ]);
    expect(await page.getByTestId('sign-out').textContent()).toContain('Sign out');
    await waitForText(page, 'New user');
    await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await poll(() => page.title()).toBe('Jiangxin · Zhejiang Worker Innovation Platform');
    await screenshot(page, '07-users-english');
    await page.reload();
    await poll(() => menuLabels(page)).toContain('Organisations'); // remembered
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await poll(() => menuLabels(page)).toEqual([
      '首页',
      '任务督办',
      '数据驾驶舱',
      '督办预警',
      '报送审核',
      '方案管理',
      '组织机构',
      '山区海岛县名单',
      '创新成果',
      '对接交易',
      '台账管理',
      '用户管理',
      '资源清单',
      '企业需求',
      '批量派单',
      '共性难题',
      '揭榜挂帅',
      '成效评估',
    ]);
  });

  it('signs out, and the pages then ask to sign in', async () => {
    await signOut(page);
    await page.goto(`${base()}/users`);
    await page.locator('#username').waitFor();
    expect(page.url()).toContain('/login?next=%2Fusers');
  });

  it('makes the new user change the initial password before anything else', async () => {
    await freshPage();
    await signIn(page, base(), NEW_USER, INITIAL_PASSWORD);
    await page.getByTestId('change-password-form').waitFor({ timeout: 20_000 });
    expect(page.url()).toContain('/change-password');
    await page.locator('#currentPassword').fill(INITIAL_PASSWORD);
    await page.locator('#newPassword').fill(CHANGED_PASSWORD);
    await page.locator('#confirm').fill(CHANGED_PASSWORD);
    await screenshot(page, '08-change-password');
    await page.getByTestId('change-password-form').locator('button[type=submit]').click();
    await page.locator('#username').waitFor();
    await signIn(page, base(), NEW_USER, CHANGED_PASSWORD);
    await page.getByTestId('welcome').waitFor({ timeout: 20_000 });
    expect(await menuLabels(page)).toEqual(['首页', '揭榜挂帅', '我的任务']); // 劳模工匠 holds no administrative permission (揭榜挂帅: applying for their team)
  });

  it('shows a county administrator only their county', async () => {
    await freshPage();
    await signInHome(page, base(), 'chunan.admin');
    expect(await menuLabels(page)).toEqual([
      '首页',
      '任务督办',
      '数据驾驶舱',
      '督办预警',
      '报送审核',
      '组织机构',
      '山区海岛县名单',
      '创新成果',
      '对接交易',
      '台账管理',
      '用户管理',
      '资源清单',
      '企业需求',
      '批量派单',
      '共性难题',
      '揭榜挂帅',
      '成效评估',
    ]);
    await page.getByTestId('side-menu').getByText('组织机构').click();
    const tree = page.getByTestId('org-tree');
    await tree.locator('[data-code="330127"]').waitFor();
    expect(await tree.locator('[data-code="330127"]').textContent()).toContain('淳安县');
    expect(await tree.locator('[data-code="330106"]').count()).toBe(0); // 西湖区
    await waitForCount(tree.locator('[data-kind=county]'), 1);
    await screenshot(page, '09-org-tree-chunan-admin');
  });

  it('gives the audit administrator the audit viewer and nothing else', async () => {
    await freshPage();
    await signInHome(page, base(), 'auditor.demo');
    expect(await menuLabels(page)).toEqual(['首页', '审计日志']);
    await page.getByTestId('side-menu').getByText('审计日志').click();
    await poll(() =>
      page.getByTestId('audit-events').locator('tbody tr.ant-table-row').count(),
    ).toBeGreaterThan(0);
    await page.getByTestId('event-filter').click();
    await page.keyboard.type('user.create');
    await page.locator('.ant-select-item-option').filter({ hasText: '新建用户 user.create' }).click();
    await poll(() => page.getByTestId('audit-events').locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('audit-events').textContent()).toContain('province.admin');
    await page.getByTestId('verify-audit').click();
    await poll(() => page.getByTestId('verify-result').textContent()).toMatch(
      /审计日志完整：已校验 \d+ 条记录/,
    );
    await screenshot(page, '10-audit');
    await page.getByRole('tab', { name: '登录日志' }).click();
    await poll(() => page.getByTestId('login-log').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(
      0,
    );
    expect(await page.getByTestId('login-log').textContent()).toContain('province.admin');
    await page.goto(`${base()}/users`);
    await waitForText(page, '无权访问');
  });

  it('raised no uncaught errors and no CSP violations in the page', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
