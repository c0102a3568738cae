import { startS3Server } from './s3';
for (let i = 0; i < 6; i++) {
  const t = Date.now();
  try { const s = await startS3Server(); console.log('ok', Date.now() - t); await s.stop(); }
  catch (e) { console.log('FAIL', (e as Error).message.slice(0, 300)); }
}
