// A small line-and-points SVG chart for the simulator's figures in docs/: axes with ticks, curves,
// measured points with error bars, and a legend. Plain SVG text, so it diffs and renders on GitHub.

export interface Curve {
  label: string;
  colour: string;
  dashed?: boolean;
  points: Array<[number, number]>;
}

export interface Measured {
  label: string;
  colour: string;
  /** x, y and the half-width of the error bar. */
  points: Array<[number, number, number]>;
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  x: [number, number];
  y: [number, number];
  ticks: number;
  curves: Curve[];
  measured: Measured[];
}

const W = 640;
const H = 440;
const M = { left: 64, right: 16, top: 40, bottom: 56 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderChart(c: Chart): string {
  const px = (x: number) => M.left + ((x - c.x[0]) / (c.x[1] - c.x[0])) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - c.y[0]) / (c.y[1] - c.y[0])) * (H - M.top - M.bottom);
  const f = (n: number) => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${esc(c.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<clipPath id="plot-area"><rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}"/></clipPath>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(c.title)}</text>`,
  ];
  for (let i = 0; i <= c.ticks; i++) {
    const xv = c.x[0] + ((c.x[1] - c.x[0]) * i) / c.ticks;
    const yv = c.y[0] + ((c.y[1] - c.y[0]) * i) / c.ticks;
    out.push(`<line x1="${f(px(xv))}" y1="${M.top}" x2="${f(px(xv))}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<line x1="${M.left}" y1="${f(py(yv))}" x2="${W - M.right}" y2="${f(py(yv))}" stroke="#eee"/>`);
    out.push(`<text x="${f(px(xv))}" y="${H - M.bottom + 18}" text-anchor="middle">${+xv.toFixed(2)}</text>`);
    out.push(`<text x="${M.left - 8}" y="${f(py(yv) + 4)}" text-anchor="end">${+yv.toFixed(2)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">${esc(c.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  out.push('<g clip-path="url(#plot-area)">');
  for (const curve of c.curves) {
    const d = curve.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${f(px(x))} ${f(py(y))}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${curve.colour}" stroke-width="2"${curve.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
  }
  for (const m of c.measured) {
    for (const [x, y, e] of m.points) {
      out.push(`<line x1="${f(px(x))}" y1="${f(py(y - e))}" x2="${f(px(x))}" y2="${f(py(y + e))}" stroke="${m.colour}"/>`);
      out.push(`<circle cx="${f(px(x))}" cy="${f(py(y))}" r="4" fill="${m.colour}"/>`);
    }
  }
  out.push('</g>');
  const legend = [...c.curves.map((l) => ({ ...l, point: false })), ...c.measured.map((m) => ({ label: m.label, colour: m.colour, dashed: false, point: true }))];
  legend.forEach((l, i) => {
    const y = M.top + 16 + i * 18;
    const x = M.left + 12;
    out.push(
      l.point
        ? `<circle cx="${x + 12}" cy="${y - 4}" r="4" fill="${l.colour}"/>`
        : `<line x1="${x}" y1="${y - 4}" x2="${x + 24}" y2="${y - 4}" stroke="${l.colour}" stroke-width="2"${l.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    out.push(`<text x="${x + 32}" y="${y}">${esc(l.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
