// Small steps shared by the browser tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const DEMO_PASSWORD = 'Demo@2025';
const SHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export async function waitForCount(locator: Locator, n: number, timeout = 15_000) {
  await expect.poll(() => locator.count(), { timeout }).toBe(n);
}

export async function waitForText(page: Page, text: string | RegExp, timeout = 15_000) {
  await page.getByText(text).first().waitFor({ timeout });
}

export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

export async function signInHome(page: Page, baseUrl: string, username: string) {
  await signIn(page, baseUrl, username);
  await page.getByTestId('welcome').waitFor({ timeout: 20_000 });
}

export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.getByTestId('side-menu').getByRole('menuitem');
  await items.first().waitFor();
  return (await items.allTextContents()).map((s) => s.trim());
}

export async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await page.locator('#username').waitFor();
}
