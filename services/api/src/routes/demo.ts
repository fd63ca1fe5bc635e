import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from '@insightdesk/shared/api';

/** The demo's script, from the client package of this checkout (absent from the image). */
const ENTRY = new URL('../../../../client/demo/main.ts', import.meta.url).pathname;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>InsightDesk client demo</title>
<link rel="icon" href="data:,">
</head>
<body>
<h1>InsightDesk client demo</h1>
<form id="login">
<label>Email <input id="email" type="email" autocomplete="username" required></label>
<label>Password <input id="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form>
<p id="status">loading</p>
<h2>New tickets</h2>
<ol id="events"></ol>
<script type="module" src="/api/demo/demo.js"></script>
</body>
</html>
`;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Socket.IO (polling and WebSocket) and the REST calls: this origin only.
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `/api/demo`: a page that logs in with @insightdesk/client and lists new tickets live (development
 * and test only: not mounted in production or staging, so 404 there). Its script is bundled for the browser by Bun at the first
 * request and kept in memory.
 */
export function mountDemo(app: OpenAPIHono<ApiEnv>) {
  let bundle: Promise<string | null> | undefined;
  const build = async () => {
    const result = await Bun.build({ entrypoints: [ENTRY], target: 'browser', minify: true });
    const [output] = result.outputs;
    return result.success && output ? output.text() : null;
  };

  app.get('/demo', (c) => {
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(PAGE);
  });
  app.get('/demo/demo.js', async (c) => {
    bundle ??= build().catch(() => null);
    const script = await bundle;
    if (script === null) {
      bundle = undefined;
      return c.notFound();
    }
    return c.body(script, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  });
}
