// Cumulative layout shift of a page load, measured by the browser's own Layout Instability API
// (PerformanceObserver 'layout-shift'), as Lighthouse and the Web Vitals define it: shifts within
// 500 ms of user input (hadRecentInput) do not count. A layout measurement, not a timing one.
import type { BrowserContext, Page } from 'playwright-core';

export interface LayoutShift {
  value: number;
  /** The elements that moved, as tag#id.class, with their vertical move in CSS px. */
  sources: string[];
}

export interface LoadShift {
  /** Web Vitals CLS: the largest session window (shifts < 1 s apart, a window at most 5 s long). */
  cls: number;
  /** Every counted shift of the load added up: at least `cls`. */
  total: number;
  shifts: LayoutShift[];
}

/** Records every layout shift of each page the context opens, from the first paint on. */
export async function recordLayoutShifts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const shifts: Array<{ value: number; time: number; sources: string[] }> = [];
    (window as unknown as { __layoutShifts: typeof shifts }).__layoutShifts = shifts;
    const name = (node: Node | null) => {
      if (!(node instanceof Element)) return node ? node.nodeName : '(gone)';
      const cls = typeof node.className === 'string' && node.className.trim() ? `.${node.className.trim().split(/\s+/)[0]}` : '';
      return `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${cls}`;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as Array<{ value: number; startTime: number; hadRecentInput: boolean; sources: Array<{ node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }> }>) {
        if (entry.hadRecentInput) continue;
        shifts.push({ value: entry.value, time: entry.startTime, sources: entry.sources.map((s) => `${name(s.node)} ${Math.round(s.currentRect.y - s.previousRect.y)}px`) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The page's shifts so far, with CLS computed over session windows. */
export async function layoutShiftOf(page: Page): Promise<LoadShift> {
  const shifts = await page.evaluate(() => (window as unknown as { __layoutShifts: Array<{ value: number; time: number; sources: string[] }> }).__layoutShifts);
  let cls = 0;
  let window = 0;
  let windowStart = -Infinity;
  let last = -Infinity;
  for (const s of shifts) {
    if (s.time - last > 1_000 || s.time - windowStart > 5_000) {
      window = 0;
      windowStart = s.time;
    }
    window += s.value;
    last = s.time;
    cls = Math.max(cls, window);
  }
  const total = shifts.reduce((sum, s) => sum + s.value, 0);
  return { cls, total, shifts: shifts.map(({ value, sources }) => ({ value, sources })) };
}
