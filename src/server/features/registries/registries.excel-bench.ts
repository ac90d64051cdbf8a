// Speed and memory of the Excel engine on 100,000 training sessions, for `scripts/bench.ts`.
// Goals of the whole import (database included): ≤ 30 s and ≤ 500 MB; of an export: ≤ 10 s.
//
// The import is parsed in a child process of its own, so its peak memory is the kernel's
// figure for a process that does nothing else (not whatever the calling process holds).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { training } from '#shared/registries/carriers.ts';
import { collect, parseImport, writeExport } from './registries.excel.ts';

export interface ExcelBenchFigures {
  /** parseImport of a 100k-row workbook: zip guards, streaming read, conversion, duplicate check. */
  import_parse_100k_s: number;
  /** Peak resident memory of a process that starts, parses that workbook and keeps the result. */
  import_parse_100k_peak_rss_mb: number;
  /** writeExport of 100k rows (into memory). */
  export_100k_rows_s: number;
}

const COURSES = [
  '数控车工技能提升',
  '焊接工艺',
  'TRIZ 创新方法',
  '电工安全',
  '工业机器人运维',
  '质量管理',
  '班组长培训',
];
const DAY = 86_400_000;

function* trainingRows(n: number): Generator<Record<string, unknown>> {
  const base = Date.UTC(2021, 0, 1);
  for (let i = 0; i < n; i++) {
    yield {
      academyId: (i % 300) + 1,
      course: `${COURSES[i % COURSES.length]}第${i + 1}期`,
      triz: i % 3 === 0,
      startDate: new Date(base + (i % 1500) * DAY).toISOString().slice(0, 10),
      endDate: i % 4 === 0 ? null : new Date(base + ((i % 1500) + 2) * DAY).toISOString().slice(0, 10),
      personTimes: 20 + (i % 480),
      demonstration: i % 5 === 0,
      mountainIsland: i % 7 === 0,
    };
  }
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** In the child: parse the file, check every row came through, print the figures as JSON. */
async function parseChild(path: string, rows: number) {
  const file = readFileSync(path);
  const t0 = performance.now();
  const parsed = await parseImport(training, file);
  const ms = performance.now() - t0;
  const refused = parsed.rows.filter((r) => r.errors.length).length;
  if (parsed.fileErrors.length || parsed.rows.length !== rows || refused) {
    throw new Error(
      `benchExcel: ${parsed.fileErrors.join('; ')} rows=${parsed.rows.length} refused=${refused}`,
    );
  }
  // maxRSS is in kilobytes on Linux.
  process.stdout.write(`${JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/** Exports `rows` training sessions (timed), then times parsing that workbook in a child process. */
export async function benchExcel(rows = 100_000): Promise<ExcelBenchFigures> {
  const out = new PassThrough();
  const collected = collect(out);
  const t0 = performance.now();
  await writeExport(training, trainingRows(rows), out, { refName: (_field, id) => `工匠学院${id}` });
  const file = await collected;
  const exportMs = performance.now() - t0;

  const dir = mkdtempSync(join(tmpdir(), 'jx-bench-excel-'));
  try {
    const path = join(dir, 'training.xlsx');
    writeFileSync(path, file);
    process.stderr.write(`[bench] excel: ${rows} rows, file ${(file.length / 1048576).toFixed(1)} MB\n`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), path, String(rows)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`benchExcel: the parsing process exited with ${code}`);
    const { ms, peakMb } = JSON.parse(output) as { ms: number; peakMb: number };
    return {
      import_parse_100k_s: seconds(ms),
      import_parse_100k_peak_rss_mb: Math.round(peakMb),
      export_100k_rows_s: seconds(exportMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await parseChild(process.argv[2], Number(process.argv[3]));
}
