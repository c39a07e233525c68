import type { Page } from '@playwright/test';

/** The clock's text (m:ss.mmm, or h:mm:ss.mmm) in milliseconds. */
export function clockMs(text: string): number {
  const m = /^(?:(\d+):)?(\d+):(\d{2})\.(\d{3})$/.exec(text.trim());
  if (m === null) throw new Error(`not a clock: ${text}`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

export async function clock(page: Page): Promise<number> {
  return clockMs(await page.getByTestId('clock').innerText());
}

/** Clicks the timeline at a fraction of its width, as a person seeking would. */
export async function seekTo(page: Page, fraction: number): Promise<void> {
  const bar = page.getByLabel('Simulated time');
  const box = await bar.boundingBox();
  if (box === null) throw new Error('the timeline is not visible');
  await bar.click({ position: { x: box.width * fraction, y: box.height / 2 } });
}

/** Types a line in the Kafka console and presses Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Kafka console command' });
  await input.fill(line);
  await input.press('Enter');
}
