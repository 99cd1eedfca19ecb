// `npm run report:screenshot -- <report.html> <out.png>`: screenshot a simulation report in headless Chromium and
// fail when a chart is blank (see report-screenshot.ts).
import { screenshotReport } from './report-screenshot';

const [htmlFile, pngFile] = process.argv.slice(2);
if (!htmlFile || !pngFile) {
  process.stderr.write('usage: npm run report:screenshot -- <report.html> <out.png>\n');
  process.exit(2);
}
try {
  const { charts, problems } = await screenshotReport(htmlFile, pngFile);
  for (const c of charts) process.stdout.write(`${c.id.padEnd(22)} ${String(c.width)}×${String(c.height)}  ${String(c.painted).padStart(7)} painted px  ${String(c.points).padStart(4)} data points\n`);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`${htmlFile}: ${p}\n`);
    process.exitCode = 1;
  } else process.stdout.write(`${String(charts.length)} charts rendered; screenshot in ${pngFile}\n`);
} catch (err) {
  process.stderr.write(`report:screenshot: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
