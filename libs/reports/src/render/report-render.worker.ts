// A render thread: renders the reports ReportRenderPool hands it, one at a time, away from the api's event loop.
import { parentPort } from 'node:worker_threads';
import type { ReportData } from '../report-data';
import type { ReportFormat } from '../report.entity';
import { renderReport } from './report-renderer';

export interface RenderRequest {
  id: number;
  data: ReportData;
  format: ReportFormat;
}

export type RenderReply =
  { id: number; body: Uint8Array; contentType: string; fileName: string } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('report-render.worker runs as a worker thread, started by ReportRenderPool');

port.on('message', ({ id, data, format }: RenderRequest) => {
  renderReport(data, format).then(
    (report) => port.postMessage({ id, ...report } satisfies RenderReply),
    (err: unknown) =>
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies RenderReply),
  );
});
