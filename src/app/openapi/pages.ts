/**
 * The interactive docs pages: Swagger UI (`/docs`) and ReDoc (`/redoc`), each an HTML page
 * loading its npm package's files from the app itself, so they work offline. No inline
 * script: the pages run under a Content-Security-Policy with `script-src 'self'`, and the
 * Swagger UI starter script reads what it needs from the page's data attributes.
 */

/** The Content-Security-Policy of the docs pages (Swagger UI and ReDoc style elements inline; ReDoc's search runs in a blob: worker). */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'self'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The Swagger UI page: `assets` is the folder URL of its files (ending in `/`). */
export function swaggerPage(options: { readonly title: string; readonly openapiUrl: string; readonly assets: string; readonly csrfToken: string | undefined }): string {
  const { title, openapiUrl, assets, csrfToken } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" href="${escapeHtml(assets)}swagger-ui.css">
<link rel="icon" type="image/png" href="${escapeHtml(assets)}favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="${escapeHtml(openapiUrl)}"${csrfToken ? ` data-csrf-token="${escapeHtml(csrfToken)}"` : ""}></div>
<script src="${escapeHtml(assets)}swagger-ui-bundle.js"></script>
<script src="${escapeHtml(assets)}init.js"></script>
</body>
</html>
`;
}

/**
 * Starts Swagger UI on the page above: the document's URL from the page, no call to the
 * online validator (the page works offline), and the session's CSRF token on the requests
 * "Try it out" sends with an unsafe method to the app.
 */
export const SWAGGER_INIT_SCRIPT = `"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  var token = root.getAttribute("data-csrf-token");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    showExtensions: true,
    showCommonExtensions: true,
    requestInterceptor: function (request) {
      var method = (request.method || "GET").toUpperCase();
      if (token && ["GET", "HEAD", "OPTIONS"].indexOf(method) < 0 && new URL(request.url, location.href).origin === location.origin) {
        request.headers["X-CSRF-Token"] = token;
      }
      return request;
    },
  });
})();
`;

/** The ReDoc page: the standalone bundle starts itself on the `<redoc>` element. */
export function redocPage(options: { readonly title: string; readonly openapiUrl: string; readonly bundle: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} - ReDoc</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<redoc spec-url="${escapeHtml(options.openapiUrl)}"></redoc>
<script src="${escapeHtml(options.bundle)}"></script>
</body>
</html>
`;
}

/** What `/redoc` answers (404) while the optional `redoc` package is not installed. */
export function redocMissingPage(options: { readonly docsUrl: string | undefined; readonly openapiUrl: string }): string {
  const elsewhere = options.docsUrl
    ? `<p>Swagger UI is at <a href="${escapeHtml(options.docsUrl)}">${escapeHtml(options.docsUrl)}</a>; the document at <a href="${escapeHtml(options.openapiUrl)}">${escapeHtml(options.openapiUrl)}</a>.</p>`
    : `<p>The document is at <a href="${escapeHtml(options.openapiUrl)}">${escapeHtml(options.openapiUrl)}</a>.</p>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ReDoc is not installed</title></head>
<body>
<h1>ReDoc is not installed</h1>
<p>This page shows the API with ReDoc, an optional package of WebFluid. Install it in the project, then restart the app:</p>
<pre><code>npm install redoc@2</code></pre>
<p>Or turn this page off with <code>REDOC_URL =</code> in the app config.</p>
${elsewhere}
</body>
</html>
`;
}
