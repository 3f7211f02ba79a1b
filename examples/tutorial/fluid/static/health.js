// The home page's "Health Check" button: asks GET /health and shows the answer beside it.
// A file of its own, not an inline <script>: the app's Content-Security-Policy allows
// scripts from the site's own files only.
document.getElementById("health-check").addEventListener("click", async () => {
  const output = document.getElementById("health");
  output.textContent = "checking...";
  try {
    const response = await fetch("/health", { headers: { accept: "application/json" } });
    output.textContent = `${response.status} ${JSON.stringify(await response.json())}`;
  } catch (error) {
    output.textContent = `failed: ${error.message}`;
  }
});
